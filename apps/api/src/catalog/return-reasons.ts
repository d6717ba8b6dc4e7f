/** Why a buyer may return (report) a lead. An industry may allow only some of them. */
export const REPORT_REASONS = ['wrong_number', 'duplicate', 'fake', 'out_of_area', 'other'] as const;
export type ReportReason = (typeof REPORT_REASONS)[number];
