/** What a list endpoint asks of storage: one page in one order. */
export interface Page {
  page: number;
  limit: number;
  sortBy: string;
  direction: 'asc' | 'desc';
}

export interface TimeRange {
  createdAfter?: Date;
  createdBefore?: Date;
  updatedAfter?: Date;
  updatedBefore?: Date;
}

export interface PageOf<T> {
  items: T[];
  total: number;
}
