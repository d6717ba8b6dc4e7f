import { Prng } from '../core/prng';

/**
 * Realistic UK consumer leads in LeadByte's field names, reproducible from a seed.
 * Postcodes are real outward codes (area + district) with a valid inward code; emails use
 * reserved example domains so a misrouted message can never reach a real person.
 */

export type Industry = 'solar' | 'boilers' | 'conveyancing';
export const INDUSTRIES: readonly Industry[] = ['solar', 'boilers', 'conveyancing'];

export interface GeneratedLead {
  title: string;
  firstname: string;
  lastname: string;
  email: string;
  phone1: string;
  street1: string;
  towncity: string;
  county: string;
  postcode: string;
  ipaddress: string;
  optindate: string;
  optinurl: string;
  source: string;
  [data: `data${number}`]: string;
}

interface Region {
  area: string;
  town: string;
  county: string;
  districts: number[];
  /** Districts written with a letter suffix (SW1A, EC1V...). */
  special?: string[];
}

const range = (from: number, to: number): number[] => Array.from({ length: to - from + 1 }, (_, i) => from + i);

export const REGIONS: readonly Region[] = [
  { area: 'M', town: 'Manchester', county: 'Greater Manchester', districts: range(1, 35) },
  { area: 'LS', town: 'Leeds', county: 'West Yorkshire', districts: range(1, 29) },
  { area: 'B', town: 'Birmingham', county: 'West Midlands', districts: range(1, 48) },
  { area: 'BS', town: 'Bristol', county: 'Bristol', districts: range(1, 16) },
  { area: 'L', town: 'Liverpool', county: 'Merseyside', districts: range(1, 37) },
  { area: 'NE', town: 'Newcastle upon Tyne', county: 'Tyne and Wear', districts: range(1, 15) },
  { area: 'S', town: 'Sheffield', county: 'South Yorkshire', districts: range(1, 36) },
  { area: 'NG', town: 'Nottingham', county: 'Nottinghamshire', districts: range(1, 17) },
  { area: 'CF', town: 'Cardiff', county: 'South Glamorgan', districts: [3, 5, 10, 11, 14, 15, 23, 24] },
  { area: 'EX', town: 'Exeter', county: 'Devon', districts: range(1, 6) },
  { area: 'NR', town: 'Norwich', county: 'Norfolk', districts: range(1, 18) },
  { area: 'BN', town: 'Brighton', county: 'East Sussex', districts: [1, 2, 3, 41, 42] },
  { area: 'G', town: 'Glasgow', county: 'Lanarkshire', districts: range(1, 53) },
  { area: 'EH', town: 'Edinburgh', county: 'Midlothian', districts: range(1, 17) },
  { area: 'OX', town: 'Oxford', county: 'Oxfordshire', districts: range(1, 4) },
  { area: 'SW', town: 'London', county: 'Greater London', districts: range(2, 20), special: ['SW1A', 'SW1P', 'SW1V'] },
  { area: 'CB', town: 'Cambridge', county: 'Cambridgeshire', districts: range(1, 5) },
  { area: 'PL', town: 'Plymouth', county: 'Devon', districts: range(1, 9) },
];

const FIRST_NAMES = [
  'Oliver',
  'George',
  'Harry',
  'Jack',
  'Jacob',
  'Noah',
  'Charlie',
  'Thomas',
  'James',
  'William',
  'Daniel',
  'Samuel',
  'Joseph',
  'Matthew',
  'Liam',
  'Ryan',
  'Callum',
  'Owen',
  'Rhys',
  'Alfie',
  'Amelia',
  'Olivia',
  'Isla',
  'Emily',
  'Poppy',
  'Ava',
  'Isabella',
  'Jessica',
  'Lily',
  'Sophie',
  'Grace',
  'Chloe',
  'Evie',
  'Ella',
  'Megan',
  'Charlotte',
  'Hannah',
  'Lucy',
  'Holly',
  'Eleanor',
  'Priya',
  'Aisha',
  'Mohammed',
  'Aaliyah',
  'Niamh',
  'Siobhan',
  'Fiona',
  'Gareth',
  'Dafydd',
  'Ewan',
] as const;

const LAST_NAMES = [
  'Smith',
  'Jones',
  'Williams',
  'Taylor',
  'Brown',
  'Davies',
  'Evans',
  'Wilson',
  'Thomas',
  'Johnson',
  'Roberts',
  'Robinson',
  'Thompson',
  'Wright',
  'Walker',
  'White',
  'Edwards',
  'Hughes',
  'Green',
  'Hall',
  'Lewis',
  'Harris',
  'Clarke',
  'Patel',
  'Jackson',
  'Wood',
  'Turner',
  'Martin',
  'Cooper',
  'Hill',
  'Ward',
  'Morris',
  'Moore',
  'Clark',
  'Lee',
  'King',
  'Baker',
  'Harrison',
  'Morgan',
  'Allen',
  'James',
  'Scott',
  'Phillips',
  'Watson',
  'Davis',
  'Parker',
  'Price',
  'Bennett',
  'Young',
  'Griffiths',
  'Mitchell',
  'Kelly',
  'Cook',
  'Carter',
  'Richardson',
  'Bailey',
  'Collins',
  'Bell',
  'Shah',
  'Murphy',
  'Campbell',
  'MacDonald',
  'Khan',
  'Begum',
  'Ali',
  "O'Brien",
] as const;

const STREET_NAMES = [
  'Church',
  'Station',
  'Victoria',
  'Park',
  'Queens',
  'Kings',
  'Manor',
  'Mill',
  'Windsor',
  'Grange',
  'Highfield',
  'Albert',
  'Springfield',
  'Chestnut',
  'Oak',
  'Beech',
  'Willow',
  'Elm',
  'Meadow',
  'Orchard',
  'York',
  'New',
  'High',
  'School',
  'Green',
  'Broad',
  'Cedar',
  'Hawthorn',
  'Rectory',
  'St Johns',
  'Priory',
  'Marlborough',
] as const;
const STREET_SUFFIXES = [
  'Road',
  'Street',
  'Avenue',
  'Close',
  'Lane',
  'Drive',
  'Grove',
  'Crescent',
  'Way',
  'Gardens',
  'Terrace',
  'Court',
] as const;
const EMAIL_DOMAINS = ['example.co.uk', 'example.com', 'example.org', 'example.net'] as const;
const INWARD_LETTERS = 'ABDEFGHJLNPQRSTUWXYZ'; // Royal Mail never uses C, I, K, M, O, V in the inward code.

export interface GenerateOptions {
  industry: Industry;
  count?: number;
  seed?: number | string;
  /** Postcode area ('M', 'LS') or outward code ('LS6', 'SW1A') the leads must fall in. */
  postcodePrefix?: string;
}

export class UnknownPostcodePrefixError extends Error {}

function regionsFor(prefix: string | undefined): { region: Region; outward?: string }[] {
  if (!prefix) return REGIONS.map((region) => ({ region }));
  const p = prefix.toUpperCase().replace(/\s/g, '');
  const area = /^[A-Z]+/.exec(p)?.[0] ?? '';
  const region = REGIONS.find((r) => r.area === area);
  if (!region) {
    throw new UnknownPostcodePrefixError(`Unknown postcode area '${prefix}'. Known areas: ${REGIONS.map((r) => r.area).join(', ')}`);
  }
  if (p === area) return [{ region }];
  if (!/^[A-Z]{1,2}\d[A-Z\d]?$/.test(p)) throw new UnknownPostcodePrefixError(`'${prefix}' is not a UK outward code`);
  return [{ region, outward: p }];
}

function postcode(rng: Prng, region: Region, outward?: string): string {
  const out = outward ?? (region.special && rng.chance(0.15) ? rng.pick(region.special) : `${region.area}${rng.pick(region.districts)}`);
  const inward = `${rng.int(0, 9)}${rng.pick(INWARD_LETTERS.split(''))}${rng.pick(INWARD_LETTERS.split(''))}`;
  return `${out} ${inward}`;
}

function mobile(rng: Prng): string {
  return `07${rng.pick(['4', '5', '7', '8', '9'])}${rng.digits(8)}`;
}

function industryData(rng: Prng, industry: Industry): Record<`data${number}`, string> {
  switch (industry) {
    case 'solar':
      return {
        data1: rng.pick(['Pitched - tiles', 'Pitched - slate', 'Flat', 'Mixed pitched and flat']),
        data2: rng.chance(0.9) ? 'Yes' : 'No',
        data3: rng.pick(['South', 'South-East', 'South-West', 'East/West', 'North']),
        data4: String(rng.int(8, 30) * 10),
        data5: rng.pick(['Detached', 'Semi-detached', 'Terraced', 'Bungalow']),
      };
    case 'boilers':
      return {
        data1: rng.pick(['Under 5 years', '5-10 years', '10-15 years', 'Over 15 years']),
        data2: rng.pick(['Mains gas', 'Mains gas', 'Mains gas', 'LPG', 'Oil', 'Electric']),
        data3: rng.chance(0.88) ? 'Yes' : 'No',
        data4: rng.pick(['Combi', 'System', 'Regular']),
        data5: String(rng.int(1, 5)),
      };
    case 'conveyancing':
      return {
        data1: rng.pick(['Buying', 'Selling', 'Buying and selling', 'Remortgage']),
        data2: String(rng.int(30, 180) * 5000),
        data3: rng.chance(0.75) ? 'Freehold' : 'Leasehold',
        data4: rng.chance(0.7) ? 'Yes' : 'No',
        data5: rng.chance(0.3) ? 'Yes' : 'No',
      };
  }
}

const SOURCES: Record<Industry, string> = {
  solar: 'solar-savings-quiz',
  boilers: 'boiler-grant-checker',
  conveyancing: 'conveyancing-quote',
};

export function generateLeads(options: GenerateOptions): GeneratedLead[] {
  const count = Math.max(0, Math.min(options.count ?? 1, 10_000));
  const rng = new Prng(options.seed ?? `${options.industry}:${options.postcodePrefix ?? ''}`);
  const regions = regionsFor(options.postcodePrefix);
  const base = Date.UTC(2025, 0, 1);
  const leads: GeneratedLead[] = [];
  for (let i = 0; i < count; i++) {
    const { region, outward } = rng.pick(regions);
    const first = rng.pick(FIRST_NAMES);
    const last = rng.pick(LAST_NAMES);
    const female = [
      'Amelia',
      'Olivia',
      'Isla',
      'Emily',
      'Poppy',
      'Ava',
      'Isabella',
      'Jessica',
      'Lily',
      'Sophie',
      'Grace',
      'Chloe',
      'Evie',
      'Ella',
      'Megan',
      'Charlotte',
      'Hannah',
      'Lucy',
      'Holly',
      'Eleanor',
      'Priya',
      'Aisha',
      'Aaliyah',
      'Niamh',
      'Siobhan',
      'Fiona',
    ].includes(first);
    const local = `${first}.${last}`.toLowerCase().replace(/[^a-z.]/g, '');
    const optin = new Date(base + rng.int(0, 364 * 86400) * 1000);
    leads.push({
      title: female ? rng.pick(['Mrs', 'Ms', 'Miss', 'Dr']) : rng.pick(['Mr', 'Mr', 'Mr', 'Dr']),
      firstname: first,
      lastname: last,
      email: `${local}${rng.chance(0.6) ? rng.int(1, 99) : ''}@${rng.pick(EMAIL_DOMAINS)}`,
      phone1: mobile(rng),
      street1: `${rng.int(1, 180)} ${rng.pick(STREET_NAMES)} ${rng.pick(STREET_SUFFIXES)}`,
      towncity: region.town,
      county: region.county,
      postcode: postcode(rng, region, outward),
      ipaddress: `${rng.pick([81, 86, 90, 92, 109, 146, 176, 212])}.${rng.int(0, 255)}.${rng.int(0, 255)}.${rng.int(1, 254)}`,
      optindate: optin.toISOString().slice(0, 19).replace('T', ' '),
      optinurl: `https://www.example.co.uk/${SOURCES[options.industry]}`,
      source: SOURCES[options.industry],
      ...industryData(rng, options.industry),
    });
  }
  return leads;
}

/** Royal Mail's full-postcode shape (GIR 0AA aside). */
export const UK_POSTCODE = /^[A-Z]{1,2}\d[A-Z\d]? \d[ABD-HJLNP-UW-Z]{2}$/;

export function isIndustry(value: unknown): value is Industry {
  return typeof value === 'string' && (INDUSTRIES as readonly string[]).includes(value);
}
