/**
 * The web pages: server-rendered HTML, fast without JavaScript; /assets/app.js enhances them
 * (keyboard navigation, results as you type, upvotes without a reload). Mounted at `/` by the
 * HTTP app, which sets `library`, `user` and `csrfToken` (src/http/app-env.ts).
 *
 *   GET /                      the latest day with papers (or the welcome, for an empty library)
 *   GET /day/YYYY-MM-DD        one listing day      ?sort=upvotes|newest &cursor=
 *   GET /week/YYYY-MM-DD       the week holding it  (same)
 *   GET /month/YYYY-MM         a month              (same)
 *   GET /search                ?q= &mode= &from= &to= &author= &category= &page= &partial=1
 *   GET /ask                   ?q= &paper= : an answer with verified citations, or the ask box
 *   GET /paper/:id             a paper (any alias redirects to the canonical id)
 *   GET /paper/:id.bib         its BibTeX (text/x-bibtex)
 *   GET /topics                every topic with a trend chart of papers and upvotes a week
 *   GET /topics/:id            one topic: chart, representative, papers newest first  ?page=
 *   GET /map                   the 2-D map of the library, coloured by topic
 *   GET /trending              topics growing fastest, most upvoted recent papers
 *   GET /library               counts, sources, embeddings, how to add more
 *   GET /login                 the sign-in form (POST /login belongs to src/http)
 *   GET /subscriptions         the reader's subscriptions, feeds and digest email (forms post to src/http)
 *   GET /assets/…              style.css, app.js, katex/ (CSS and fonts)
 *
 * Until the library's first topic model is built, the pages that need it answer a 503 page
 * saying so; other errors go to the app's error handler.
 */
import { Hono } from 'hono';
import { isTopicsBuilding } from '../library/library.js';
import { onError } from './on-error.js';
import type { AppEnv } from './app-env.js';
import { mountAssets } from '../web/assets.js';
import { askPage } from './routes/ask/page.js';
import { homePage, periodRoute } from './routes/daily/page.js';
import { libraryPage } from './routes/library/page.js';
import { loginPage } from './routes/account/page.js';
import { paperRoute } from './routes/papers/page.js';
import { searchPage } from './routes/search/page.js';
import { subscriptionsPage } from './routes/subscriptions/page.js';
import { mapPage } from './routes/topics/map-page.js';
import { topicPage, topicsBuildingPage, topicsPage } from './routes/topics/page.js';
import { trendingPage } from './routes/topics/trending-page.js';

export function webRoutes(): Hono<AppEnv> {
  const app = new Hono<AppEnv>();
  app.onError((err, c) => (isTopicsBuilding(err) ? topicsBuildingPage(c, err) : onError(err, c)));
  mountAssets(app);
  app.get('/', homePage);
  app.get('/day/:date', (c) => periodRoute(c, 'day'));
  app.get('/week/:date', (c) => periodRoute(c, 'week'));
  app.get('/month/:date', (c) => periodRoute(c, 'month'));
  app.get('/search', searchPage);
  app.get('/ask', askPage);
  app.get('/paper/*', paperRoute);
  app.get('/topics', topicsPage);
  app.get('/topics/:id', topicPage);
  app.get('/map', mapPage);
  app.get('/trending', trendingPage);
  app.get('/library', libraryPage);
  app.get('/login', loginPage);
  app.get('/subscriptions', subscriptionsPage);
  return app;
}
