/** Where an external timeline event comes from. `operatorId` null: a platform-wide ("global") source. */
export interface TimelineSource {
  id: string;
  operatorId: string | null;
  name: string;
  websiteUrl: string | null;
  createdAt: Date;
  updatedAt: Date;
}
