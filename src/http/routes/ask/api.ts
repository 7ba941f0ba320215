/**
 * POST /api/ask `{question, paperId?}` (and GET /api/ask?q=&paperId= for simple clients): an
 * answer from the library whose every citation passed verification (ask/ask.ts). With
 * `Accept: text/event-stream` or `?stream=1` the pipeline's progress streams as server-sent
 * events named after its AskEvents (plan, round, evidence, delta, statement), ending with
 * `answer`, or `error` `{code, message}`. Questions are rate limited per user (or client
 * address), on the web page /ask too (page.ts).
 */
import { Hono, type Context } from 'hono';
import { streamSSE } from 'hono/streaming';
import { z } from 'zod';
import type { AskEvent } from '../../../ask/ask-types.js';
import { PaperboyError, isPaperboyError } from '../../../core/errors.js';
import type { AppEnv } from '../../app-env.js';
import type { RouteDoc } from '../../openapi.js';
import type { Services } from '../../services.js';
import { validJson, validQuery } from '../../validate.js';
import { askAllowance, paperId, question } from './schema.js';

const stream = z.enum(['0', '1']).optional().describe('1: stream server-sent events (as Accept: text/event-stream does)');

const AskBody = z.strictObject({
  question: question.describe('the question, in plain words'),
  paperId: paperId.optional().describe('answer from this one paper only (any id the paper has)'),
});
const AskPostQuery = z.object({ stream });
const AskGetQuery = z.object({
  q: question.describe('the question'),
  paperId: paperId.optional().describe('answer from this one paper only'),
  stream,
});

const CitationDoc = z.object({
  paperId: z.string(),
  sentenceIndex: z.number().int().describe('which sentence of the abstract, from 0 (the paper page anchors it as #s-N)'),
  quote: z.string().describe('that sentence, verbatim'),
});
const PlanDoc = z.object({
  kind: z.enum(['library', 'recent', 'paper', 'claim']),
  query: z.string(),
  paperId: z.string().optional(),
  since: z.string().optional(),
  why: z.string(),
});
const AnswerDoc = z.object({
  question: z.string(),
  plan: PlanDoc,
  answer: z.string().describe('prose with numbered citation marks [1], [2] …'),
  statements: z.array(
    z.object({
      text: z.string().describe('what was verified (for the extractive engine, the quoted sentence)'),
      shown: z.string().optional().describe('the statement as shown: its paper named, first-person references resolved'),
      citations: z.array(CitationDoc),
      stance: z.enum(['supports', 'contradicts']).optional(),
    }),
  ),
  abstained: z.boolean(),
  rounds: z.number().int(),
  note: z.string().optional().describe('when abstaining: what the library does hold that came closest'),
  engine: z.string(),
  focus: z.array(z.string()).describe('the words the question asks about within its topic: every cited sentence addresses them'),
  checked: z.string().describe('what was checked and how sure paperboy is, one sentence'),
  confidence: z.enum(['high', 'medium', 'low']).optional().describe('for an answer: how far its best evidence clears what random questions of the same shape reach in this library'),
  calibration: z.object({ best: z.number(), background: z.array(z.number()) }).optional().describe('the evidence test: best focus score, and the background questions\' best scores'),
});

/** Evidence as the API shows it: public paper ids only, not the store's row ids. */
function publicEvent(event: AskEvent): unknown {
  if (event.type !== 'evidence') return event;
  return { ...event, evidence: event.evidence.map(({ docId: _docId, ...rest }) => rest) };
}

async function answer(c: Context<AppEnv>, services: Services, asked: { question: string; paperId?: string | undefined; stream?: '0' | '1' | undefined }): Promise<Response> {
  const gate = askAllowance(c, services);
  if (!gate.allowed) throw new PaperboyError('RATE_LIMITED', `too many questions: try again in ${gate.retryAfter} seconds`, { retryAfter: gate.retryAfter });
  const options = asked.paperId ? { paperId: asked.paperId } : {};
  const wantsStream = asked.stream === '1' || (asked.stream !== '0' && /\btext\/event-stream\b/i.test(c.req.header('accept') ?? ''));
  if (!wantsStream) return c.json(await services.library.ask(asked.question, { ...options, signal: c.req.raw.signal }));
  // Proxies (nginx) must pass events through as they come.
  c.header('X-Accel-Buffering', 'no');
  return streamSSE(c, async (sse) => {
    const abort = new AbortController();
    sse.onAbort(() => abort.abort());
    c.req.raw.signal.addEventListener('abort', () => abort.abort(), { once: true });
    // Events arrive synchronously from the pipeline; writes are chained to keep their order.
    let written: Promise<unknown> = Promise.resolve();
    const send = (event: string, data: unknown) => {
      written = written.then(() => (sse.aborted ? undefined : sse.writeSSE({ event, data: JSON.stringify(data) })));
    };
    try {
      await services.library.ask(asked.question, {
        ...options,
        signal: abort.signal,
        onEvent: (event) => send(event.type, publicEvent(event)),
      });
    } catch (err) {
      if (!abort.signal.aborted) {
        if (!isPaperboyError(err)) console.error('paperboy: ask:', err);
        send('error', isPaperboyError(err) ? { code: err.code, message: err.message } : { code: 'INTERNAL', message: 'internal error: the server log has the details' });
      }
    }
    await written;
  });
}

export function askRoutes(services: Services): Hono<AppEnv> {
  const app = new Hono<AppEnv>();
  app.post('/api/ask', async (c) => {
    const { stream: streamParam } = validQuery(c, AskPostQuery);
    const body = await validJson(c, AskBody);
    return answer(c, services, { ...body, stream: streamParam });
  });
  app.get('/api/ask', async (c) => {
    const q = validQuery(c, AskGetQuery);
    return answer(c, services, { question: q.q, paperId: q.paperId, stream: q.stream });
  });
  return app;
}

const ANSWER_DESCRIPTION =
  'Every citation has passed verification: its quote is exactly sentence `sentenceIndex` of that paper’s abstract. ' +
  'When the library holds nothing that answers, `abstained` is true, `statements` is empty and `note` says what came closest. ' +
  'With `Accept: text/event-stream` (or `?stream=1`) the response is server-sent events, each `data:` one JSON line: ' +
  '`plan` {plan}, `round` {round, query}, `evidence` {round, evidence}, `delta` {text}, `statement` {statement}, and last `answer` {answer} ' +
  '(or `error` {code, message}). Closing the connection stops the pipeline. Rate limited per user, or per client address when anonymous.';
const EVENT_STREAM = 'events plan, round, evidence, delta, statement, then answer (or error); each data line is JSON';

export const askDocs: RouteDoc[] = [
  {
    method: 'post',
    path: '/api/ask',
    tag: 'ask',
    auth: 'read',
    summary: 'Ask the library a question: an answer with verified citations',
    description: ANSWER_DESCRIPTION,
    query: AskPostQuery,
    body: { json: AskBody },
    responses: { 200: { description: 'the answer (or, streaming, its progress)', schema: AnswerDoc, eventStream: EVENT_STREAM } },
    errors: [404, 429],
  },
  {
    method: 'get',
    path: '/api/ask',
    tag: 'ask',
    auth: 'read',
    summary: 'Ask the library a question (as POST /api/ask, in the query string)',
    description: ANSWER_DESCRIPTION,
    query: AskGetQuery,
    responses: { 200: { description: 'the answer (or, streaming, its progress)', schema: AnswerDoc, eventStream: EVENT_STREAM } },
    errors: [404, 429],
  },
];
