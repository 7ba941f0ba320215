/* paperboy: progressive enhancement for the server-rendered pages. Everything works without it. */
/* global document, fetch, history, location, URLSearchParams, FormData, AbortController, setTimeout, clearTimeout */
'use strict';

(function () {
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
      const pageUrl = '/search' + (params.toString() ? '?' + params.toString() : '');
      params.set('partial', '1');
      if (controller) controller.abort();
      controller = new AbortController();
      results.classList.add('loading');
      fetch('/search?' + params.toString(), { signal: controller.signal, headers: { accept: 'text/html' } })
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
          location.href = '/login?next=' + encodeURIComponent(location.pathname + location.search);
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
