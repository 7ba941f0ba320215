/* paperboy: progressive enhancement for the server-rendered pages. Everything works without it. */
/* global document, fetch, history, location, URLSearchParams, FormData, AbortController, TextDecoder, setTimeout, clearTimeout */
'use strict';

(function () {
  // Paths come from the server (core/urls.ts), the one place that knows them.
  const urls = JSON.parse(document.body.dataset.urls || '{}');
  const typing = (el) => el && (el.isContentEditable || /^(INPUT|TEXTAREA|SELECT)$/.test(el.tagName));

  // ---- Keyboard: j/k between cards, Enter opens (the focused link), / focuses search ----------
  let current = -1;
  const cards = () => Array.from(document.querySelectorAll('[data-card]'));

  function focusCard(index) {
    const list = cards();
    if (!list.length) return;
    current = Math.max(0, Math.min(list.length - 1, index));
    list.forEach((card, i) => card.classList.toggle('current', i === current));
    const card = list[current];
    const link = card.querySelector('a[data-open]') || card.querySelector('a');
    if (link) link.focus({ preventScroll: true });
    card.scrollIntoView({ block: 'nearest', behavior: 'smooth' });
  }

  document.addEventListener('focusin', (event) => {
    const card = event.target.closest && event.target.closest('[data-card]');
    if (!card) return;
    const index = cards().indexOf(card);
    if (index >= 0) current = index;
  });

  document.addEventListener('keydown', (event) => {
    if (event.defaultPrevented || event.ctrlKey || event.metaKey || event.altKey) return;
    const target = event.target;
    if (typing(target)) {
      if (event.key === 'Escape' && target.id === 'q') target.blur();
      return;
    }
    if (event.key === '/') {
      const q = document.getElementById('q');
      if (q) {
        event.preventDefault();
        q.focus();
        q.select();
      }
    } else if (event.key === 'j') {
      event.preventDefault();
      focusCard(current + 1);
    } else if (event.key === 'k') {
      event.preventDefault();
      focusCard(current < 0 ? 0 : current - 1);
    }
  });

  // ---- Results as you type (search page): fetch the fragment, swap it in -------------------
  const results = document.getElementById('results');
  const form = document.getElementById('site-search');
  if (results && form) {
    let timer;
    let controller;
    const refresh = () => {
      const params = new URLSearchParams();
      for (const [key, value] of new FormData(form)) if (typeof value === 'string' && value !== '') params.set(key, value);
      const pageUrl = urls.search + (params.toString() ? '?' + params.toString() : '');
      params.set('partial', '1');
      if (controller) controller.abort();
      controller = new AbortController();
      results.classList.add('loading');
      fetch(urls.search + '?' + params.toString(), { signal: controller.signal, headers: { accept: 'text/html' } })
        .then((res) => (res.ok ? res.text() : Promise.reject(new Error(String(res.status)))))
        .then((fragment) => {
          results.innerHTML = fragment;
          results.classList.remove('loading');
          current = -1;
          history.replaceState(null, '', pageUrl);
        })
        .catch((error) => {
          if (error && error.name === 'AbortError') return;
          results.classList.remove('loading');
        });
    };
    const schedule = () => {
      clearTimeout(timer);
      timer = setTimeout(refresh, 200);
    };
    const q = document.getElementById('q');
    if (q) q.addEventListener('input', schedule);
    document.querySelectorAll('[form="site-search"]').forEach((el) => el.addEventListener('change', schedule));
  }

  // ---- Ask boxes: stream the answer from /api/ask (server-sent events) into the page ---------
  // Built with textContent only: nothing from a paper or the question becomes markup. Any failure
  // before the stream starts falls back to the server-rendered page (the form's own GET).
  const el = (tag, className, text) => {
    const node = document.createElement(tag);
    if (className) node.className = className;
    if (text !== undefined) node.textContent = text;
    return node;
  };
  const paperHref = (id) => urls.paper + id.split('/').map(encodeURIComponent).join('/');
  const sentenceHref = (c) => paperHref(c.paperId) + '#s-' + c.sentenceIndex;

  /** Citation marks numbered by first appearance, as the server numbers them. */
  function citeMark(c, numbers) {
    const key = c.paperId + '\u0000' + c.sentenceIndex;
    if (!numbers.has(key)) numbers.set(key, numbers.size + 1);
    const n = numbers.get(key);
    const wrap = el('span', 'cite-wrap');
    const link = el('a', 'cite', '[' + n + ']');
    link.href = sentenceHref(c);
    link.title = c.quote;
    link.setAttribute('aria-describedby', 'cite-tip-' + n);
    const tip = el('span', 'cite-tip', '“' + c.quote + '”');
    tip.id = 'cite-tip-' + n;
    tip.setAttribute('role', 'tooltip');
    wrap.append(link, tip);
    return wrap;
  }

  function statementNode(s, numbers) {
    const span = el('span', 'statement' + (s.stance ? ' ' + s.stance : ''));
    if (s.stance) span.append(el('span', 'badge', s.stance), ' ');
    span.append(s.shown || s.text);
    s.citations.forEach((c) => span.append(citeMark(c, numbers)));
    return span;
  }

  function sourcesNode(answer, numbers, titles) {
    const section = el('section', 'sources');
    section.setAttribute('aria-label', 'Sources');
    section.append(el('h2', '', 'Sources'));
    const list = el('ul');
    const byPaper = new Map();
    answer.statements.forEach((s) =>
      s.citations.forEach((c) => {
        const cited = byPaper.get(c.paperId) || [];
        if (!cited.some((x) => x.sentenceIndex === c.sentenceIndex)) cited.push(c);
        byPaper.set(c.paperId, cited);
      }),
    );
    byPaper.forEach((cited, id) => {
      const item = el('li', 'source');
      const title = el('a', 'source-title', titles.get(id) || id);
      title.href = paperHref(id);
      const quotes = el('ul', 'quotes');
      cited.forEach((c) => {
        const li = el('li');
        const link = el('a', '', '[' + numbers.get(c.paperId + '\u0000' + c.sentenceIndex) + ']');
        link.href = sentenceHref(c);
        li.append(link, ' ', el('q', '', c.quote));
        quotes.append(li);
      });
      item.append(title, quotes);
      list.append(item);
    });
    section.append(list);
    return section;
  }

  function abstentionNode(answer) {
    const section = el('section', 'abstained');
    section.setAttribute('role', 'status');
    section.append(el('h2', '', 'No answer: the library does not say'));
    section.append(el('p', '', 'Nothing in ' + (answer.plan.paperId ? 'this paper' : 'these papers') + ' answers “' + answer.question + '”, so paperboy will not guess.'));
    if (answer.note) {
      // The note names the closest papers as “Title” (id): each id becomes a link, as on the server's page.
      const note = el('p', 'note');
      const ids = /” \(([^()\s]{1,300})\)/g;
      let at = 0;
      for (let m = ids.exec(answer.note); m; m = ids.exec(answer.note)) {
        const link = el('a', '', m[1]);
        link.href = paperHref(m[1]);
        note.append(answer.note.slice(at, m.index) + '” (', link, ')');
        at = m.index + m[0].length;
      }
      note.append(answer.note.slice(at));
      section.append(note);
    }
    const search = el('a', '', 'Search the library for “' + answer.plan.query + '”');
    search.href = urls.search + '?' + new URLSearchParams({ q: answer.plan.query }).toString();
    const links = el('p');
    links.append(search);
    section.append(links);
    return section;
  }

  /** One answer's rendering, fed event by event. */
  function answerView(question) {
    const article = el('article', 'answer');
    article.append(el('h2', 'question', question));
    const why = el('p', 'why', 'Planning…');
    const prose = el('p');
    const proseWrap = el('div', 'answer-text');
    const draft = el('p', 'draft');
    proseWrap.append(prose);
    article.append(why, proseWrap, draft);
    const numbers = new Map();
    const titles = new Map();
    return {
      node: article,
      plan: (plan) => (why.textContent = plan.why),
      round: (round, query) => (draft.textContent = 'Searching' + (round > 1 ? ' again' : '') + ' for “' + query + '”…'),
      evidence: (evidence) => evidence.forEach((e) => titles.set(e.paperId, e.title)),
      delta: (text) => {
        if (/…$/.test(draft.textContent)) draft.textContent = '';
        draft.textContent += text;
      },
      statement: (s) => {
        draft.textContent = '';
        if (prose.childNodes.length) prose.append(' ');
        prose.append(statementNode(s, numbers));
      },
      answer: (answer) => {
        draft.remove();
        if (answer.abstained) {
          proseWrap.replaceWith(abstentionNode(answer));
        } else {
          // Rebuilt from the final answer, one paragraph per paper as the server's page does.
          numbers.clear();
          const paragraphs = [];
          answer.statements.forEach((s, i) => {
            const prev = answer.statements[i - 1];
            const same = prev && prev.citations[0] && s.citations[0] && prev.citations[0].paperId === s.citations[0].paperId && prev.stance === s.stance;
            if (!same) paragraphs.push(el('p'));
            const p = paragraphs[paragraphs.length - 1];
            if (same) p.append(' ');
            p.append(statementNode(s, numbers));
          });
          prose.replaceWith(...paragraphs);
          article.append(sourcesNode(answer, numbers, titles));
        }
        const rounds = answer.rounds + (answer.rounds === 1 ? ' round' : ' rounds') + ' of retrieval';
        article.append(el('p', 'checked', answer.checked));
        article.append(el('p', 'engine', answer.engine + ' engine, ' + rounds + '.'));
      },
      error: (error) => {
        draft.remove();
        const list = el('ul', 'warnings');
        list.setAttribute('role', 'status');
        list.append(el('li', '', error.message));
        article.append(list);
      },
    };
  }

  /** Reads server-sent events from a fetch response, calling `onEvent(name, data)` for each. */
  async function readEvents(res, onEvent) {
    const reader = res.body.getReader();
    const decoder = new TextDecoder();
    let buffer = '';
    for (;;) {
      const { done, value } = await reader.read();
      if (done) return;
      buffer += decoder.decode(value, { stream: true });
      let end;
      while ((end = buffer.indexOf('\n\n')) >= 0) {
        const block = buffer.slice(0, end);
        buffer = buffer.slice(end + 2);
        let name = 'message';
        const data = [];
        block.split('\n').forEach((line) => {
          if (line.startsWith('event: ')) name = line.slice(7);
          else if (line.startsWith('data: ')) data.push(line.slice(6));
        });
        if (data.length) onEvent(name, JSON.parse(data.join('\n')));
      }
    }
  }

  let asking;
  document.addEventListener('submit', (event) => {
    const box = event.target.closest && event.target.closest('form[data-ask]');
    if (!box) return;
    const fields = new FormData(box);
    const question = String(fields.get('q') || '').trim();
    if (!question) return;
    event.preventDefault();
    const params = new URLSearchParams({ q: question, stream: '1' });
    const paper = fields.get('paper');
    if (paper) params.set('paperId', String(paper));
    let result = document.getElementById('ask-result');
    if (!result) {
      result = el('div');
      result.id = 'ask-result';
      result.setAttribute('aria-live', 'polite');
      box.after(result);
    }
    if (asking) asking.abort();
    asking = new AbortController();
    const view = answerView(question);
    const button = box.querySelector('button');
    if (button) button.disabled = true;
    const done = () => {
      if (button) button.disabled = false;
    };
    fetch(urls.askApi + '?' + params.toString(), { signal: asking.signal, credentials: 'same-origin', headers: { accept: 'text/event-stream' } })
      .then((res) => {
        if (!res.ok || !/^text\/event-stream/.test(res.headers.get('content-type') || '')) throw new Error(String(res.status));
        result.replaceChildren(view.node);
        if (location.pathname === urls.ask) history.replaceState(null, '', urls.ask + '?' + new URLSearchParams(fields).toString());
        return readEvents(res, (name, data) => {
          if (name === 'plan') view.plan(data.plan);
          else if (name === 'round') view.round(data.round, data.query);
          else if (name === 'evidence') view.evidence(data.evidence);
          else if (name === 'delta') view.delta(data.text);
          else if (name === 'statement') view.statement(data.statement);
          else if (name === 'answer') view.answer(data.answer);
          else if (name === 'error') view.error(data);
        });
      })
      .then(done)
      .catch((error) => {
        done();
        if (error && error.name === 'AbortError') return;
        // Streaming failed: the server-rendered page answers (or explains) instead.
        if (!result.contains(view.node)) box.submit();
        else view.error({ message: 'The connection was lost before the answer was complete.' });
      });
  });

  // ---- Upvotes without a reload: POST /api/papers/:id/upvote with x-csrf-token --------------
  document.addEventListener('submit', (event) => {
    const upvote = event.target.closest && event.target.closest('form[data-upvote]');
    if (!upvote) return;
    event.preventDefault();
    const button = upvote.querySelector('button');
    const count = upvote.querySelector('.count');
    const upField = upvote.querySelector('input[name="up"]');
    const csrf = upvote.querySelector('input[name="csrf"]');
    const up = !upField || upField.value !== '0';
    if (button) button.disabled = true;
    // The API upvotes with POST and withdraws with DELETE.
    fetch(upvote.getAttribute('data-upvote'), {
      method: up ? 'POST' : 'DELETE',
      credentials: 'same-origin',
      headers: { accept: 'application/json', 'x-csrf-token': csrf ? csrf.value : '' },
    })
      .then((res) => {
        if (res.status === 401) {
          location.href = urls.login + '?next=' + encodeURIComponent(location.pathname + location.search);
          return undefined;
        }
        if (!res.ok) throw new Error(String(res.status));
        return res.json().catch(() => ({}));
      })
      .then((data) => {
        if (!data) return;
        const upvoted = typeof data.upvoted === 'boolean' ? data.upvoted : up;
        if (count) {
          count.textContent = String(typeof data.upvotes === 'number' ? data.upvotes : Math.max(0, Number(count.textContent) + (up ? 1 : -1)));
          const noun = upvote.querySelector('.count-noun');
          if (noun) noun.textContent = count.textContent === '1' ? ' upvote' : ' upvotes';
        }
        upvote.classList.toggle('upvoted', upvoted);
        if (upField) upField.value = upvoted ? '0' : '1';
        if (button) {
          button.setAttribute('aria-pressed', upvoted ? 'true' : 'false');
          button.title = upvoted ? 'Withdraw your upvote' : 'Upvote';
          button.disabled = false;
        }
      })
      .catch(() => {
        // The JSON API failed: fall back to the plain form post.
        if (button) button.disabled = false;
        upvote.submit();
      });
  });
})();
