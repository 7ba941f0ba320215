/**
 * A fake LLM for the ask tests: a local OpenAI-protocol server whose replies are scripted per
 * kind of request (retrieval plan, draft, reformulation, support judge), told apart by the system message.
 */
import { modelReply, serveChat, type ChatServer } from '../../llm/test-support/chat-server.js';

export interface Script {
  /** The reply to the routing request (default: not JSON, so the rules' plan stays). */
  route?: string;
  /** The reply to draft number n (from 1), given the prompt with the evidence blocks. */
  draft: (prompt: string, n: number) => string;
  reformulate?: string;
  judge?: string;
}

export function serveFakeModel(script: Script): Promise<ChatServer> {
  let drafts = 0;
  return serveChat(
    modelReply((req) => {
      const [system, user] = req.body.messages;
      if (system!.content.startsWith('You decide how to search')) return script.route ?? 'no plan';
      if (system!.content.startsWith('You write search queries')) return script.reformulate ?? '';
      if (system!.content.startsWith('You check statements')) return script.judge ?? '';
      return script.draft(user!.content, ++drafts);
    }),
  );
}

/** The evidence id the prompt gave one paper's sentence. */
export function idOf(prompt: string, paperId: string, sentence: number): string {
  const id = new RegExp(`<evidence id="(E\\d+)" paper="${paperId.replace('.', '\\.')}" sentence="${sentence}"`).exec(prompt)?.[1];
  if (!id) throw new Error(`${paperId}#${sentence} is not in the evidence:\n${prompt}`);
  return id;
}
