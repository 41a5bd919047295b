import { parseTaxRateArgs } from '../../domain/operators/operator-details.ts';
import { findOperator } from '../../storage/repos/operators.repo.ts';
import { AdminError, json, optStr, str, strList, type AdminOperation } from '../admin-operation.ts';

/**
 * `lockyard setup`: an operator and its owner's back-office login, without the demo seed. The owner's password
 * is printed once when it was generated.
 */
export const setup: AdminOperation = async (lockyard, input) => {
  const { operator, owner, password, existingLogin } = await lockyard.services.operators.setup({
    name: str(input, 'operator_name'),
    currency: str(input, 'currency'),
    timezone: str(input, 'time_zone'),
    country: str(input, 'country'),
    taxRates: parseTaxRateArgs(strList(input, 'tax_rates')),
    owner: {
      email: str(input, 'owner_email'),
      name: str(input, 'owner_name'),
      password: optStr(input, 'owner_password'),
    },
  });
  lockyard.config.setupCode = undefined; // the first-run page closes once an operator exists
  const signIn = `${lockyard.config.publicUrl}/backoffice/sign-in`;
  const data = {
    operator: {
      id: operator.id,
      name: operator.name,
      slug: operator.slug,
      currency: operator.currency,
      time_zone: operator.timezone,
      country: operator.countryAlpha2,
    },
    owner: { email: owner.email, name: owner.name, role: owner.role, existing_login: existingLogin },
    ...(password ? { owner_password: password } : {}),
    sign_in_url: signIn,
  };
  const lines = [
    `Operator ${operator.name} (${operator.id}) is set up: ${operator.currency}, ${operator.timezone}, ${operator.countryAlpha2}.`,
    `Owner: ${owner.email}${existingLogin ? ' (existing login, password unchanged)' : ''}`,
    ...(password ? [`Password: ${password}   (generated: shown only now)`] : []),
    `Sign in: ${signIn}`,
  ];
  return { stdout: input.json ? json(data) : `${lines.join('\n')}\n`, data };
};

/** `lockyard staff create`: a back-office login with a role on an operator (or the membership for an existing one). */
export const createStaff: AdminOperation = async (lockyard, input) => {
  const operatorId = str(input, 'operator');
  if (!(await findOperator(lockyard.database.db, operatorId)))
    throw new AdminError(`no operator with id ${operatorId}`);
  const { member, password, existingLogin } = await lockyard.services.team.add(operatorId, {
    email: str(input, 'email'),
    name: str(input, 'name'),
    role: str(input, 'role'),
    password: optStr(input, 'password'),
  });
  const data = {
    user_id: member.userId,
    staff_id: member.staffId,
    email: member.email,
    name: member.name,
    role: member.role,
    operator_id: operatorId,
    existing_login: existingLogin,
    ...(password ? { password } : {}),
  };
  return {
    stdout: input.json
      ? json(data)
      : `${member.email} is ${member.role} of ${operatorId}\n${password ? `Password: ${password}   (generated: shown only now)\n` : ''}`,
    data,
  };
};
