/** Incoterms 2020 (and FOB/CIF's older siblings still printed on customs declarations). */
export const INCOTERMS = ["EXW", "FCA", "CPT", "CIP", "DAP", "DPU", "DDP", "FAS", "FOB", "CFR", "CIF", "DAF", "DES", "DEQ", "DDU", "C&F"] as const;
export type Incoterm = (typeof INCOTERMS)[number];
