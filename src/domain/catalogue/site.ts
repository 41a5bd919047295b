export type Weekday = 'monday' | 'tuesday' | 'wednesday' | 'thursday' | 'friday' | 'saturday' | 'sunday';

export interface AccessHoursDay {
  status: 'set_hours' | 'twenty_four_hours' | 'closed';
  open?: string | null;
  close?: string | null;
}

export interface SiteAddress {
  line_1: string;
  line_2: string | null;
  city: string;
  postal_code: string;
}

/** Tax rates in basis points per line-item type, e.g. { unit_type: 2000 } = 20 %. */
export type TaxRates = Partial<Record<'unit_type' | 'protection' | 'product', number>>;

export interface Site {
  id: string;
  operatorId: string;
  slug: string;
  name: string;
  description: string | null;
  phone: string | null;
  address: SiteAddress;
  accessHours: Record<Weekday, AccessHoursDay>;
  directions: { google_maps_url: string | null };
  timezone: string;
  openedAt: Date | null;
  taxRates: TaxRates;
  image: { filename: string } | null;
  createdAt: Date;
  updatedAt: Date;
}
