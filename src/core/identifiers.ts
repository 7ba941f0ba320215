/** Parsing of the identifiers papers carry: arXiv ids and DOIs, in every spelling sources use. */

export interface ArxivRef {
  /** Without version: "2503.11731" or "hep-th/9901001". */
  id: string;
  version?: number;
}

// New style (0704.0001 onwards): YYMM.NNNN or YYMM.NNNNN; old style: archive(.SUBJ)/YYMMNNN.
const NEW_STYLE = /(?<![\w.])(\d{4}\.\d{4,5})(?:v(\d+))?(?![\w])/i;
const OLD_STYLE = /(?<![\w.-])([a-z]+(?:-[a-z]+)*(?:\.[a-z]{2})?\/\d{7})(?:v(\d+))?(?![\w])/i;

/**
 * Finds an arXiv id in an id, an `arXiv:` reference or an arxiv.org URL. Returns undefined when
 * there is none. Accepts "2503.11731v2", "arXiv:2503.11731", "https://arxiv.org/abs/2503.11731v1",
 * "http://arxiv.org/pdf/hep-th/9901001v3".
 */
export function parseArxivId(input: string | undefined | null): ArxivRef | undefined {
  if (!input) return undefined;
  const s = input.trim().replace(/^arxiv:\s*/i, '');
  const m = NEW_STYLE.exec(s) ?? OLD_STYLE.exec(s);
  if (!m || !m[1]) return undefined;
  const id = m[1].toLowerCase();
  if (/^\d{4}\./.test(id)) {
    const month = Number(id.slice(2, 4));
    if (month < 1 || month > 12) return undefined;
  }
  return m[2] ? { id, version: Number(m[2]) } : { id };
}

/** Lower-cased DOI without resolver prefix ("https://doi.org/", "doi:"), or undefined. */
export function normaliseDoi(input: string | undefined | null): string | undefined {
  if (!input) return undefined;
  const m = /10\.\d{4,9}\/\S+/i.exec(input.trim());
  if (!m) return undefined;
  return m[0].replace(/[.,;]+$/, '').toLowerCase();
}
