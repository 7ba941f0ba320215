/**
 * British spellings folded to American ones ("colour" → "color", "recognise" → "recognize",
 * "modelling" → "modeling", "centre" → "center"), for a folded token. Most abstracts are written in
 * American spelling and many researchers ask in British: without the fold "is colour needed to
 * recognise a place" shares no word with "color contributes minimally … place recognition".
 * Rules, not a dictionary: the -our, -ise/-isation, -yse, doubled-l and -tre families, each with
 * the words that merely look alike kept out ("four", "advise", "precise", "will").
 */

/** -our words (stems before "our"), e.g. colo(u)r, behavio(u)r. */
const OUR = /^(colo|behavio|favo|hono|labo|neighbo|flavo|humo|rumo|vapo|harbo|armo|odo|vigo|tumo|endeavo|savo|glamo|clamo|parlo|splendo|rigo|valo|arbo|ranco|cando)ur(s|ed|ing|ful|ite|ites|able|ably|al|less)?$/;
/**
 * Stems (the word up to its -is-) of -ise words that are -ise in American spelling too. They also
 * end longer words ("unsupervised", "denoise"), but for the short ones that only stand alone
 * ("rise", not "categorise"). Words ending "wise" (pairwise, otherwise) are never -ize.
 */
const ISE_KEPT = ['advis', 'exercis', 'promis', 'surpris', 'compris', 'premis', 'expertis', 'advertis', 'nois', 'pois', 'rais', 'prais', 'precis', 'concis', 'excis', 'incis', 'circumcis', 'compromis', 'enterpris', 'franchis', 'supervis', 'revis', 'televis', 'devis', 'disguis', 'paradis', 'merchandis', 'improvis', 'treatis', 'cruis', 'bruis', 'chemis', 'demis', 'despis', 'repris', 'tortois', 'porpois', 'turquois'];
const ISE_ALONE = new Set(['ris', 'aris', 'vis', 'mis', 'dis', 'lis']);
const keptIse = (stem: string): boolean => stem.endsWith('wis') || ISE_ALONE.has(stem) || ISE_KEPT.some((k) => stem.endsWith(k));
const ISE = /^([a-z]{2,}?is)(e|es|ed|ing|er|ers|ation|ations|ational|able)$/;
/** Verbs whose final l doubles in British spelling before -ed/-ing/-er. */
const DOUBLED_L = /^(model|label|travel|cancel|signal|tunnel|channel|fuel|level|marshal|counsel|dial|equal|funnel|pedal|rival|shovel|quarrel|total|initial)l(ed|ing|er|ers)$/;
const TRE = /^(cen|me|li|thea|spec|lus|fi|cali|som|sa)(t|b)re(s|d)?$/;
const WHOLE: Record<string, string> = {
  grey: 'gray', greys: 'grays', programme: 'program', programmes: 'programs', defence: 'defense', defences: 'defenses', licence: 'license',
  licences: 'licenses', offence: 'offense', offences: 'offenses', catalogue: 'catalog', catalogues: 'catalogs', analogue: 'analog',
  analogues: 'analogs', aluminium: 'aluminum', tyre: 'tire', tyres: 'tires', manoeuvre: 'maneuver', manoeuvres: 'maneuvers',
  oesophagus: 'esophagus', oestrogen: 'estrogen', haemoglobin: 'hemoglobin', anaemia: 'anemia', paediatric: 'pediatric',
  orthopaedic: 'orthopedic', foetal: 'fetal', leukaemia: 'leukemia', tumours: 'tumors', ageing: 'aging', judgement: 'judgment',
  judgements: 'judgments', acknowledgement: 'acknowledgment', whilst: 'while', amongst: 'among', artefact: 'artifact', artefacts: 'artifacts',
};

export function americanSpelling(token: string): string {
  const whole = WHOLE[token];
  if (whole) return whole;
  let m = OUR.exec(token);
  if (m) return `${m[1]}r${m[2] ?? ''}`;
  m = DOUBLED_L.exec(token);
  if (m) return `${m[1]}${m[2]}`;
  m = TRE.exec(token);
  if (m) return `${m[1]}${m[2]}er${m[3] === 'd' ? 'ed' : (m[3] ?? '')}`;
  m = /^(ana|para|cata|electro|hydro|dia)lys(e|ed|ing|er|ers)$/.exec(token);
  if (m) return `${m[1]}lyz${m[2]}`;
  m = ISE.exec(token);
  if (m && !keptIse(m[1]!)) return `${m[1]!.slice(0, -1)}z${m[2]}`;
  return token;
}
