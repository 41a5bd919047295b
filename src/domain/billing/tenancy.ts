/** The storage agreement: who rents at which site, from when to when. Created when an order completes. */
export interface Tenancy {
  id: string;
  operatorId: string;
  contactId: string;
  siteId: string;
  unitTypeId: string | null;
  orderId: string | null;
  subscriptionId: string | null;
  /** Allocation ids, oldest first (one per physical unit). */
  unitAllocationIds: string[];
  startsAt: Date;
  endsAt: Date | null;
  createdAt: Date;
  updatedAt: Date;
}
