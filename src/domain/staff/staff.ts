/** A back-office user of an operator; tasks and deals name them as assignee or creator. */
export interface StaffMember {
  id: string;
  operatorId: string;
  name: string;
  email: string;
  createdAt: Date;
  updatedAt: Date;
}
