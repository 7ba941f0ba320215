/**
 * The web pages: server-rendered HTML, fast without JavaScript; /assets/app.js enhances them
 * (keyboard navigation, results as you type, upvotes without a reload). Each feature's page.ts
 * owns its GETs and its form POSTs (routes/<feature>/page.ts); the HTTP app mounts them at `/`
 * and sets `library`, `user` and `csrfToken` (app-env.ts).
 *
 *   GET /                      the latest day with papers (or the welcome)     daily/page.ts
 *   GET /day/YYYY-MM-DD        one listing day      ?sort=upvotes|newest &category= &cursor=
 *   GET /week/YYYY-MM-DD       the week holding it  (same)
 *   GET /month/YYYY-MM         a month              (same)
 *   GET /search                ?q= &mode= &from= &to= &author= &category= &sort= &page= &partial=1
 *                                                                              search/page.ts
 *   GET /ask                   ?q= &paper= : an answer with verified citations   ask/page.ts
 *   GET /paper/:id(.bib)       a paper, or its BibTeX; POST /papers/:id/upvote  papers/page.ts
 *   GET /topics, /topics/:id, /map, /trending                                  topics/*page.ts
 *   GET /library               counts, sources, embeddings, how to add more     library/page.ts
 *   GET /login; POST /login, /logout                                           account/page.ts
 *   GET /subscriptions; POST /subscriptions, /subscriptions/:id/delete, /account/email
 *                                                                              subscriptions/page.ts
 *   GET, POST /unsubscribe     a digest's signed link          subscriptions/unsubscribe-page.ts
 *   GET /assets/…              style.css, app.js, katex/ (CSS and fonts)        web/assets.ts
 *
 * Until the library's first topic model is built, the pages that need it answer a 503 page
 * saying so; other errors go to the app's error handler.
 */
import { Hono } from 'hono';
import { isTopicsBuilding } from '../library/library.js';
import { mountAssets } from '../web/assets.js';
import type { AppEnv } from './app-env.js';
import { onError } from './on-error.js';
import type { RouteDoc } from './openapi.js';
import { accountPageDocs, accountPages } from './routes/account/page.js';
import { askPages } from './routes/ask/page.js';
import { dailyPages } from './routes/daily/page.js';
import { libraryPages } from './routes/library/page.js';
import { paperPageDocs, paperPages } from './routes/papers/page.js';
import { searchPages } from './routes/search/page.js';
import { subscriptionPageDocs, subscriptionPages } from './routes/subscriptions/page.js';
import { unsubscribeDocs, unsubscribeRoutes } from './routes/subscriptions/unsubscribe-page.js';
import { topicPages, topicsBuildingPage } from './routes/topics/page.js';
import type { Services } from './services.js';

/** The forms' entries in /api/openapi.json (tag `forms`). */
export const PAGE_DOCS: RouteDoc[] = [...accountPageDocs, ...paperPageDocs, ...subscriptionPageDocs, ...unsubscribeDocs];

export function webPages(services: Services): Hono<AppEnv> {
  const app = new Hono<AppEnv>();
  app.onError((err, c) => (isTopicsBuilding(err) ? topicsBuildingPage(c, err) : onError(err, c)));
  mountAssets(app);
  for (const pages of [dailyPages(), searchPages(), askPages(services), paperPages(services), topicPages(), libraryPages(), accountPages(services), subscriptionPages(services), unsubscribeRoutes(services)]) {
    app.route('/', pages);
  }
  return app;
}
