/**
 * A per-question token budget over every LLM call a question makes (routing, drafting,
 * repairs, reformulation). Each call may generate at most what is left after its prompt; when
 * too little is left the call is not made (TokenBudgetExhausted) and the engine abstains.
 * Spending is what the server reported as usage, else an estimate (about 4 characters a token,
 * the usual rule of thumb for English text with BPE tokenizers).
 */
import type { ChatMessage, ChatRequest, ChatResult, LlmProvider } from './llm-provider.js';

/** Fewer completion tokens than this cannot hold a useful reply: do not call at all. */
export const MIN_COMPLETION_TOKENS = 64;

export const estimateTokens = (text: string): number => Math.ceil(text.length / 4);

const promptTokens = (messages: readonly ChatMessage[]): number => messages.reduce((n, m) => n + estimateTokens(m.content) + 4, 0);

/** Thrown instead of calling the model when the question's budget would be overspent. */
export class TokenBudgetExhausted extends Error {
  constructor(readonly limit: number) {
    super(`the token budget of ${limit} is spent`);
    this.name = 'TokenBudgetExhausted';
  }
}

export class TokenBudget {
  spent = 0;
  constructor(readonly limit: number) {}

  get exhausted(): boolean {
    return this.limit - this.spent < MIN_COMPLETION_TOKENS;
  }

  /** `llm` with every call capped by, and charged to, this budget. */
  wrap(llm: LlmProvider): LlmProvider {
    return {
      name: llm.name,
      chat: async (request: ChatRequest): Promise<ChatResult> => {
        const prompt = promptTokens(request.messages);
        const left = this.limit - this.spent - prompt;
        if (left < MIN_COMPLETION_TOKENS) {
          // Once a call is refused the question stops spending, even on smaller prompts: it abstains.
          this.spent = Math.max(this.spent, this.limit - MIN_COMPLETION_TOKENS + 1);
          throw new TokenBudgetExhausted(this.limit);
        }
        const result = await llm.chat({ ...request, maxTokens: Math.min(request.maxTokens ?? left, left) });
        this.spent += result.usage ? result.usage.promptTokens + result.usage.completionTokens : prompt + estimateTokens(result.text);
        return result;
      },
    };
  }
}
