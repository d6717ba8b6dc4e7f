/** A name as it is compared for uniqueness (business names, industry names): trimmed, single-spaced, lower case. */
export const nameKey = (name: string) => name.trim().replace(/\s+/g, ' ').toLowerCase();
