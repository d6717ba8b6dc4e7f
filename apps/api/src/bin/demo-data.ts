/**
 * The demo's people and industries. The industries' columns follow what the sandbox's LeadByte
 * sends for them (`data1`, `data2`, … in the industry's order), with aliases where suppliers write
 * an option their own way ("Pitched - tiles" is `pitched`): every lead the sandbox makes is taken.
 */
import type { LeadColumn } from '../catalog';

export const DEMO_USERS = [
  {
    email: 'admin@leadflow.test',
    password: 'leadflow-admin-1',
    firstName: 'Alex',
    lastName: 'Admin',
    phone: '+44 20 7946 0000',
    role: 'admin',
  },
  {
    email: 'client@leadflow.test',
    password: 'leadflow-client-1',
    firstName: 'Casey',
    lastName: 'Client',
    phone: '+44 7700 900456',
    role: 'client',
  },
] as const;

/** Paid plans on the demo's pricing page, beside the free plan every client starts on. */
export const DEMO_PLANS = [
  { name: 'Starter', monthlyPrice: 1_900, seatsIncluded: 2, seatPrice: 900, billingPeriod: 'monthly', isPublic: true },
  { name: 'Team', monthlyPrice: 4_900, seatsIncluded: 5, seatPrice: 800, billingPeriod: 'monthly', isPublic: true },
  { name: 'Agency (yearly)', monthlyPrice: 9_900, seatsIncluded: 15, seatPrice: 700, billingPeriod: 'yearly', isPublic: true },
] as const;

const contact: LeadColumn[] = [
  { key: 'firstname', label: 'First name', type: 'text', required: true },
  { key: 'lastname', label: 'Last name', type: 'text', required: true },
  { key: 'email', label: 'Email', type: 'email', required: true },
  { key: 'phone1', label: 'Phone', type: 'phone', required: true },
  { key: 'postcode', label: 'Postcode', type: 'postcode', required: true },
];

export const DEMO_INDUSTRIES: Array<{ name: string; leadCost: number; leadColumns: LeadColumn[] }> = [
  {
    name: 'Solar panels',
    leadCost: 2500,
    leadColumns: [
      ...contact,
      {
        key: 'roof_type',
        label: 'Roof type',
        type: 'select',
        required: true,
        options: ['pitched', 'flat', 'mixed'],
        aliases: { pitched: ['Pitched - tiles', 'Pitched - slate'], mixed: ['Mixed pitched and flat'] },
      },
      { key: 'homeowner', label: 'Homeowner', type: 'select', required: true, options: ['yes', 'no'] },
    ],
  },
  {
    name: 'Boilers',
    leadCost: 1800,
    leadColumns: [
      ...contact,
      {
        key: 'boiler_age',
        label: 'Boiler age',
        type: 'select',
        required: false,
        options: ['under 5 years', '5 to 10 years', '10 to 15 years', 'over 15 years'],
        aliases: { '5 to 10 years': ['5-10 years'], '10 to 15 years': ['10-15 years'] },
      },
      {
        key: 'fuel',
        label: 'Fuel',
        type: 'select',
        required: true,
        options: ['gas', 'oil', 'lpg', 'electric'],
        aliases: { gas: ['Mains gas'] },
      },
    ],
  },
  {
    name: 'Conveyancing',
    leadCost: 4000,
    leadColumns: [
      ...contact,
      {
        key: 'transaction',
        label: 'Buying or selling',
        type: 'select',
        required: true,
        options: ['buying', 'selling', 'both', 'remortgage'],
        aliases: { both: ['Buying and selling'] },
      },
      { key: 'property_value', label: 'Property value (£)', type: 'number', required: true },
      { key: 'tenure', label: 'Tenure', type: 'select', required: false, options: ['freehold', 'leasehold'] },
    ],
  },
];
