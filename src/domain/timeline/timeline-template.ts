/** A Liquid message for timeline events; global ones are shared by every operator. */
export interface TimelineTemplate {
  id: string;
  operatorId: string | null;
  name: string;
  message: string;
  variables: { custom: string[]; predefined: string[] };
  createdAt: Date;
  updatedAt: Date;
}
