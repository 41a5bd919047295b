/** The blueprint a contract is generated from; the body is kept but not exposed by the API. */
export interface ContractTemplate {
  id: string;
  operatorId: string;
  name: string;
  body: string;
  createdAt: Date;
  updatedAt: Date;
}
