/** zod schemas of the API's responses, for the OpenAPI document. */
import { z } from 'zod';

export const SourceDoc = z.object({
  file: z.string(),
  format: z.string(),
  line: z.number().int(),
  ingestedAt: z.string(),
  date: z.string().optional(),
});

export const PaperDoc = z.object({
  id: z.string(),
  title: z.string().describe('as the source wrote it (may hold LaTeX): data, never HTML'),
  titleDerived: z.boolean(),
  abstract: z.string(),
  authors: z.array(z.string()),
  authorCount: z.number().int().nullable(),
  organization: z.string().nullable(),
  date: z.string().nullable(),
  categories: z.array(z.string()),
  arxivId: z.string().nullable(),
  doi: z.string().nullable(),
  url: z.string().nullable(),
  upvotes: z.number().int().describe("the source's upvotes plus this library's users'"),
  sourceUpvotes: z.number().int().nullable(),
  userUpvotes: z.number().int(),
  upvoted: z.boolean().optional().describe('whether the asking user upvoted it (signed in only)'),
  comment: z.string().nullable(),
  venue: z.string().nullable(),
  sources: z.array(SourceDoc),
});

export const UserDoc = z.object({ id: z.number().int(), name: z.string(), admin: z.boolean() });
