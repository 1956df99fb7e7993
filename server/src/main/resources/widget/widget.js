/*
 * Porter chat widget.
 *
 * Embed with one tag:
 *   <script src="https://porter.example/widget.js" data-property-id="maple-court"
 *           data-title="Maple Court" defer></script>
 *
 * Optional attributes: data-firm (name shown in the privacy notice, defaults to
 * data-title) and data-api-base (override when the API is not on the script's origin).
 *
 * No dependencies and no build step: the appliance serves this file as-is and
 * host pages may be on any site, so everything lives in one IIFE and an open
 * Shadow DOM root (open so that tests can pierce it; it keeps CSS from clashing).
 */
(() => {
  'use strict';

  // Guard against the tag being included twice on one page.
  if (window.PorterWidget) return;

  // document.currentScript is only set while this file first runs, so read it now.
  const script = document.currentScript;
  const scriptSrc = (script && script.src) || location.href;
  const data = (script && script.dataset) || {};
  const base = (data.apiBase || new URL(scriptSrc, location.href).origin).replace(/\/+$/, '');
  const propertyId = data.propertyId || 'maple-court';
  const title = data.title || 'Maple Court';
  const firm = data.firm || title;
  const MAX_CHARS = 4000;
  const STAFF_POLL_MS = 15000;

  // Per-origin + per-property key, so two widgets for different properties don't collide.
  const STORE_KEY = `porter:${base}:${propertyId}`;

  // ---------------------------------------------------------------------------
  // Session storage. Wrapped because storage can throw (sandboxed iframes,
  // privacy modes); the widget then still works, it just forgets on reload.
  // ---------------------------------------------------------------------------
  const store = {
    read() {
      try {
        const v = JSON.parse(sessionStorage.getItem(STORE_KEY) || 'null');
        return v && v.conversationId && v.token ? v : null;
      } catch (_) {
        return null;
      }
    },
    write(v) {
      try {
        sessionStorage.setItem(STORE_KEY, JSON.stringify(v));
      } catch (_) { /* ignore: non-persistent session */ }
    },
    clear() {
      try {
        sessionStorage.removeItem(STORE_KEY);
      } catch (_) { /* ignore */ }
    },
  };

  // ---------------------------------------------------------------------------
  // Styles. :host { all: initial } stops the host page's inherited styles
  // (fonts, line-height, colours) from leaking into the widget.
  // ---------------------------------------------------------------------------
  const CSS = `
:host { all: initial; }
* { box-sizing: border-box; }
[hidden] { display: none !important; }
.root {
  font-family: system-ui, -apple-system, "Segoe UI", Roboto, Arial, sans-serif;
  font-size: 15px; line-height: 1.45; color: #1f2328;
}
button, textarea { font: inherit; }
:focus-visible { outline: 3px solid #1d4ed8; outline-offset: 2px; }
.sr-only {
  position: absolute; width: 1px; height: 1px; padding: 0; margin: -1px;
  overflow: hidden; clip: rect(0 0 0 0); white-space: nowrap; border: 0;
}
.bubble {
  position: fixed; right: 20px; bottom: 20px; z-index: 2147483000;
  width: 60px; height: 60px; border-radius: 50%; border: 0; cursor: pointer;
  background: #1e3a5f; color: #fff; display: flex; align-items: center; justify-content: center;
  box-shadow: 0 4px 14px rgba(0,0,0,.25);
}
.bubble:hover { background: #27507f; }
.bubble:focus-visible { outline: 3px solid #1d4ed8; outline-offset: 3px; box-shadow: 0 0 0 6px #fff; }
.bubble svg { width: 28px; height: 28px; }
.panel {
  position: fixed; right: 20px; bottom: 92px; z-index: 2147483001;
  width: 380px; height: min(600px, calc(100vh - 112px));
  display: flex; flex-direction: column; overflow: hidden;
  background: #fff; border-radius: 14px; border: 1px solid #d0d7de;
  box-shadow: 0 10px 40px rgba(0,0,0,.25);
}
.header {
  display: flex; align-items: center; justify-content: space-between; gap: 8px;
  padding: 12px 14px; background: #1e3a5f; color: #fff;
}
.header h2 { margin: 0; font-size: 16px; font-weight: 600; }
.close {
  border: 0; background: transparent; color: #fff; cursor: pointer;
  width: 36px; height: 36px; border-radius: 8px; font-size: 22px; line-height: 1;
}
.close:hover { background: rgba(255,255,255,.15); }
.close:focus-visible { outline: 3px solid #fff; outline-offset: 0; }
.body { flex: 1; overflow-y: auto; padding: 12px 14px; background: #f6f8fa; }
.consent {
  background: #fff; border: 1px solid #d0d7de; border-radius: 10px; padding: 12px; margin-bottom: 12px;
}
.consent p { margin: 0 0 10px; }
.primary {
  border: 0; border-radius: 8px; padding: 8px 16px; cursor: pointer;
  background: #1e3a5f; color: #fff; font-weight: 600;
}
.primary:hover { background: #27507f; }
.primary:disabled { background: #8c959f; cursor: not-allowed; }
.log { display: flex; flex-direction: column; gap: 10px; }
.msg { max-width: 88%; padding: 8px 12px; border-radius: 12px; overflow-wrap: anywhere; }
.msg-text { white-space: pre-wrap; }
.msg-tenant { align-self: flex-end; background: #1e3a5f; color: #fff; border-bottom-right-radius: 4px; }
.msg-assistant { align-self: flex-start; background: #fff; border: 1px solid #d0d7de; border-bottom-left-radius: 4px; }
.msg-staff { align-self: flex-start; background: #fff8e1; border: 1px solid #e3c26b; border-bottom-left-radius: 4px; }
.msg-failed { opacity: .6; }
.who { display: block; font-size: 12px; font-weight: 600; color: #57606a; margin-bottom: 2px; }
.msg-tenant .who { color: #dbe6f3; }
.typing::after { content: "\\2026"; color: #57606a; }
.citations { list-style: none; margin: 8px 0 0; padding: 6px 0 0; border-top: 1px solid #eaeef2; font-size: 13px; }
.citations li { margin: 2px 0; color: #57606a; }
.citations summary { cursor: pointer; }
.citations details p { margin: 4px 0 4px 14px; white-space: pre-wrap; color: #1f2328; }
.note {
  align-self: center; max-width: 95%; font-size: 13px; color: #57606a; text-align: center;
  background: #eef2f6; border-radius: 8px; padding: 6px 10px; white-space: pre-wrap;
}
.error { min-height: 0; padding: 0 14px; font-size: 13px; color: #b42318; background: #fff; }
.error:not(:empty) { padding: 8px 14px; border-top: 1px solid #f1c0bb; background: #fef3f2; }
.composer { display: flex; gap: 8px; align-items: flex-end; padding: 10px 12px; border-top: 1px solid #d0d7de; background: #fff; }
.composer textarea {
  flex: 1; resize: none; min-height: 44px; max-height: 140px; padding: 10px;
  border: 1px solid #8c959f; border-radius: 8px; color: #1f2328; background: #fff;
}
.composer textarea:focus-visible { outline: 3px solid #1d4ed8; outline-offset: 0; border-color: #1d4ed8; }
.send { height: 44px; }
@media (max-width: 480px) {
  .panel {
    right: 0; bottom: 0; left: 0; top: 0; width: 100%; height: 100%;
    border-radius: 0; border: 0;
  }
  .bubble { right: 14px; bottom: 14px; }
  .msg { max-width: 94%; }
}
.tools {
  display: flex; flex-wrap: wrap; gap: 6px; align-items: center; justify-content: flex-end;
  padding: 6px 12px; border-bottom: 1px solid #d0d7de; background: #fff; font-size: 13px;
}
.link {
  border: 0; background: transparent; color: #1d4ed8; cursor: pointer; padding: 4px 6px;
  border-radius: 6px; text-decoration: underline; font-size: 13px;
}
.link:hover { background: #eef2f6; }
.danger { color: #b42318; }
.confirm { display: flex; gap: 6px; align-items: center; flex-wrap: wrap; }
@media (prefers-color-scheme: dark) {
  .tools { background: #161b22; border-color: #30363d; }
  .link { color: #58a6ff; }
  .link:hover { background: #21262d; }
  .danger { color: #ffb4ab; }
  .panel { background: #161b22; border-color: #30363d; }
  .body { background: #0d1117; }
  .root { color: #e6edf3; }
  .consent, .msg-assistant { background: #161b22; border-color: #30363d; color: #e6edf3; }
  .msg-staff { background: #3a2f0b; border-color: #7d6514; color: #e6edf3; }
  .who { color: #9198a1; }
  .note { background: #21262d; color: #c9d1d9; }
  .citations li { color: #9198a1; }
  .citations details p { color: #e6edf3; }
  .citations { border-top-color: #30363d; }
  .composer, .error { background: #161b22; border-color: #30363d; }
  .error:not(:empty) { background: #3b1219; color: #ffb4ab; border-color: #6e2a2a; }
  .composer textarea { background: #0d1117; color: #e6edf3; border-color: #6e7681; }
  .composer textarea:focus-visible { outline-color: #58a6ff; border-color: #58a6ff; }
  :focus-visible { outline-color: #58a6ff; }
}
`;

  // Small DOM helper; text is always set via textContent (never innerHTML) so
  // nothing from the server or the tenant can inject markup.
  function el(tag, attrs, text) {
    const node = document.createElement(tag);
    if (attrs) {
      for (const [k, v] of Object.entries(attrs)) {
        if (v === false || v == null) continue;
        node.setAttribute(k, v === true ? '' : String(v));
      }
    }
    if (text != null) node.textContent = text;
    return node;
  }

  // Speech-bubble icon built with DOM APIs (no innerHTML, no external image).
  function chatIcon() {
    const NS = 'http://www.w3.org/2000/svg';
    const svg = document.createElementNS(NS, 'svg');
    svg.setAttribute('viewBox', '0 0 24 24');
    svg.setAttribute('aria-hidden', 'true');
    svg.setAttribute('focusable', 'false');
    const path = document.createElementNS(NS, 'path');
    path.setAttribute('fill', 'currentColor');
    path.setAttribute('d', 'M4 3h16a2 2 0 0 1 2 2v11a2 2 0 0 1-2 2H9l-5 4v-4H4a2 2 0 0 1-2-2V5a2 2 0 0 1 2-2zm3 6v2h2V9H7zm4 0v2h2V9h-2zm4 0v2h2V9h-2z');
    svg.appendChild(path);
    return svg;
  }

  // ---------------------------------------------------------------------------
  // Build the UI.
  // ---------------------------------------------------------------------------
  const host = el('div', { id: 'porter-widget-host', 'data-porter-widget': '' });
  const shadow = host.attachShadow({ mode: 'open' });
  const style = el('style', null, CSS);
  const root = el('div', { class: 'root' });

  const bubble = el('button', {
    type: 'button',
    class: 'bubble',
    id: 'porter-bubble',
    'data-testid': 'porter-bubble',
    'aria-label': `Open chat with ${title}`,
    'aria-expanded': 'false',
    'aria-controls': 'porter-panel',
  });
  bubble.appendChild(chatIcon());

  const panel = el('div', {
    class: 'panel',
    id: 'porter-panel',
    'data-testid': 'porter-panel',
    role: 'dialog',
    'aria-labelledby': 'porter-heading',
    hidden: true,
  });

  const header = el('div', { class: 'header' });
  const heading = el('h2', { id: 'porter-heading' }, `Chat with ${title}`);
  const closeBtn = el('button', {
    type: 'button',
    class: 'close',
    'data-testid': 'porter-close',
    'aria-label': 'Close chat',
  }, '\u00d7');
  header.append(heading, closeBtn);

  // The tenant's own data rights: download or delete this conversation (shown once one exists).
  const tools = el('div', { class: 'tools', 'data-testid': 'porter-tools', hidden: true });
  const downloadBtn = el('button', {
    type: 'button', class: 'link', 'data-testid': 'porter-download',
  }, 'Download my conversation');
  const deleteBtn = el('button', {
    type: 'button', class: 'link danger', 'data-testid': 'porter-delete',
  }, 'Delete my conversation');
  const confirmBox = el('span', { class: 'confirm', 'data-testid': 'porter-delete-box', hidden: true });
  const confirmText = el('span', null, 'Delete for good?');
  const confirmYes = el('button', {
    type: 'button', class: 'link danger', 'data-testid': 'porter-delete-confirm',
  }, 'Yes, delete');
  const confirmNo = el('button', { type: 'button', class: 'link', 'data-testid': 'porter-delete-cancel' }, 'Cancel');
  confirmBox.append(confirmText, confirmYes, confirmNo);
  tools.append(downloadBtn, deleteBtn, confirmBox);

  const body = el('div', { class: 'body' });

  // Privacy notice + explicit consent: no conversation is created before this.
  const consent = el('div', { class: 'consent', id: 'porter-consent-box', 'data-testid': 'porter-consent-box' });
  const FALLBACK_NOTICE =
    `Your conversation is encrypted and stays on ${firm}'s own server. ` +
    'It is not sent to outside AI services. Office staff may read it to help you. ' +
    'Please don\u2019t share bank or card details here.';
  const notice = el('p', { id: 'porter-privacy', 'data-testid': 'porter-privacy' }, FALLBACK_NOTICE);
  const consentBtn = el('button', {
    type: 'button',
    class: 'primary',
    id: 'porter-consent',
    'data-testid': 'porter-consent',
    'aria-describedby': 'porter-privacy',
  }, 'Start chat');
  consent.append(notice, consentBtn);

  // role=log + aria-live=polite so screen readers announce new messages;
  // aria-busy is set while a reply streams so it is read once, not token by token.
  const log = el('div', {
    class: 'log',
    id: 'porter-log',
    'data-testid': 'porter-log',
    role: 'log',
    'aria-live': 'polite',
    'aria-label': 'Conversation',
  });
  body.append(consent, log);

  const errorLine = el('div', {
    class: 'error',
    id: 'porter-error',
    'data-testid': 'porter-error',
    role: 'status',
    'aria-live': 'polite',
  });

  const form = el('form', { class: 'composer', 'data-testid': 'porter-form', novalidate: true });
  const label = el('label', { for: 'porter-input', class: 'sr-only' }, `Message to ${title}`);
  const input = el('textarea', {
    id: 'porter-input',
    'data-testid': 'porter-input',
    rows: '2',
    maxlength: String(MAX_CHARS),
    placeholder: 'Type your question\u2026',
    autocomplete: 'off',
    'aria-describedby': 'porter-input-hint',
  });
  const hint = el('span', { id: 'porter-input-hint', class: 'sr-only' },
    'Press Enter to send, Shift+Enter for a new line.');
  const sendBtn = el('button', {
    type: 'submit',
    class: 'primary send',
    id: 'porter-send',
    'data-testid': 'porter-send',
  }, 'Send');
  form.append(label, input, hint, sendBtn);

  panel.append(header, tools, body, errorLine, form);
  root.append(panel, bubble);
  shadow.append(style, root);

  // ---------------------------------------------------------------------------
  // State.
  // ---------------------------------------------------------------------------
  let session = store.read(); // {conversationId, token, escalated?}
  let busy = false; // a reply is streaming
  let starting = false; // conversation is being created
  let startPromise = null; // resolves when the conversation being created exists (or failed)
  let staffTimer = null;
  let noticeVersion = null; // the privacy-notice version shown, sent back with consent
  const seenIds = new Set(); // messageIds already rendered (for staff polling)

  const apiUrl = (path) => `${base}/api/v1${path}`;
  const authHeaders = () => ({ Authorization: `Bearer ${session.token}` });

  function setError(text) {
    errorLine.textContent = text || '';
  }

  function updateControls() {
    sendBtn.disabled = busy;
    consentBtn.disabled = starting;
    consent.hidden = !!session;
    tools.hidden = !session;
    if (!session) confirmBox.hidden = true;
    deleteBtn.hidden = !confirmBox.hidden;
  }

  // Scroll to the newest message only when the tenant is already near the
  // bottom, so reading older messages isn't interrupted by streaming text.
  function nearBottom() {
    return body.scrollHeight - body.scrollTop - body.clientHeight < 80;
  }
  function scrollDown(force) {
    if (force || nearBottom()) body.scrollTop = body.scrollHeight;
  }

  // ---------------------------------------------------------------------------
  // Rendering messages.
  // ---------------------------------------------------------------------------
  const WHO = { tenant: 'You', assistant: `${title} assistant`, staff: `${title} office` };
  const TESTID = {
    tenant: 'porter-tenant-message',
    assistant: 'porter-assistant-message',
    staff: 'porter-staff-message',
  };

  function addMessage(role, text) {
    const r = WHO[role] ? role : 'assistant';
    const wrap = el('div', { class: `msg msg-${r}`, 'data-testid': TESTID[r], 'data-role': r });
    const who = el('span', { class: 'who' }, WHO[r]);
    const textNode = el('div', { class: 'msg-text' }, text || '');
    wrap.append(who, textNode);
    log.appendChild(wrap);
    scrollDown(true);
    return { wrap, textNode, citations: null, citationIds: new Set() };
  }

  function addNote(text) {
    const note = el('div', { class: 'note', 'data-testid': 'porter-note' }, text);
    log.appendChild(note);
    scrollDown(true);
  }

  function addCitation(msg, c) {
    if (!c || typeof c !== 'object') return;
    const key = c.sourceId != null ? String(c.sourceId) : `${c.title}|${c.snippet}`;
    if (msg.citationIds.has(key)) return; // done repeats citations already streamed
    msg.citationIds.add(key);
    if (!msg.citations) {
      msg.citations = el('ul', { class: 'citations', 'aria-label': 'Sources' });
      msg.wrap.appendChild(msg.citations);
    }
    const li = el('li', {
      'data-testid': 'porter-citation',
      'data-source-id': c.sourceId != null ? String(c.sourceId) : null,
      title: c.snippet || null,
    });
    const caption = `Source: ${c.title || 'Handbook'}`;
    if (c.snippet) {
      // <details> makes the snippet reachable by keyboard and touch, unlike a tooltip.
      const details = el('details');
      details.append(el('summary', null, caption), el('p', null, c.snippet));
      li.appendChild(details);
    } else {
      li.textContent = caption;
    }
    msg.citations.appendChild(li);
  }

  function renderHistoryMessage(m) {
    if (!m || typeof m !== 'object') return;
    if (m.messageId != null) {
      if (seenIds.has(String(m.messageId))) return;
      seenIds.add(String(m.messageId));
    }
    const msg = addMessage(m.role, m.text);
    if (m.messageId != null) msg.wrap.setAttribute('data-message-id', String(m.messageId));
    if (m.mode) msg.wrap.setAttribute('data-mode', String(m.mode));
    if (Array.isArray(m.citations)) m.citations.forEach((c) => addCitation(msg, c));
  }

  // ---------------------------------------------------------------------------
  // HTTP helpers.
  // ---------------------------------------------------------------------------
  // Error bodies are JSON {error, detail}; fall back to a readable line if not.
  async function errorText(res) {
    let detail = '';
    try {
      const j = await res.json();
      detail = (j && (j.detail || j.error)) || '';
    } catch (_) { /* not JSON */ }
    if (detail) return String(detail);
    if (res.status === 429) return 'Too many messages at once. Please wait a moment and try again.';
    if (res.status >= 500) return `The assistant is unavailable right now (error ${res.status}). Please try again later or call the office.`;
    return `Something went wrong (error ${res.status}). Please try again.`;
  }

  // 401/403/404 on a stored conversation means the token expired or the
  // conversation was removed: forget it and let the tenant start fresh.
  function isGone(status) {
    return status === 401 || status === 403 || status === 404;
  }

  function resetConversation() {
    stopStaffPolling();
    session = null;
    store.clear();
    seenIds.clear();
    log.replaceChildren();
    updateControls();
  }

  // ---------------------------------------------------------------------------
  // Conversation lifecycle.
  // ---------------------------------------------------------------------------
  function startConversation() {
    if (!startPromise && !session) {
      startPromise = createConversation().finally(() => { startPromise = null; });
    }
    return startPromise || Promise.resolve();
  }

  async function createConversation() {
    starting = true;
    setError('');
    updateControls();
    try {
      const res = await fetch(apiUrl('/conversations'), {
        method: 'POST',
        mode: 'cors',
        credentials: 'omit',
        headers: { 'Content-Type': 'application/json', Accept: 'application/json' },
        body: JSON.stringify({
          propertyId, consent: true, language: navigator.language || 'en',
          ...(noticeVersion != null ? { noticeVersion } : {}),
        }),
      });
      if (res.status === 409) {
        // The firm published a new notice since this one was shown: show it and ask again.
        await loadNotice();
        setError('The privacy notice has just been updated. Please read it and choose \u201cStart chat\u201d again.');
        return;
      }
      if (!res.ok) {
        setError(await errorText(res));
        return;
      }
      const j = await res.json();
      if (!j || !j.conversationId || !j.token) throw new Error('bad response');
      session = { conversationId: String(j.conversationId), token: String(j.token) };
      store.write(session);
      updateControls();
      input.focus();
    } catch (_) {
      setError('Could not reach the assistant. Please check your connection and try again.');
    } finally {
      starting = false;
      updateControls();
    }
  }

  // The firm's current privacy notice (versioned on the appliance).
  async function loadNotice() {
    try {
      const res = await fetch(apiUrl('/privacy-notice'), {
        method: 'GET', mode: 'cors', credentials: 'omit', headers: { Accept: 'application/json' },
      });
      if (!res.ok) return;
      const j = await res.json();
      if (j && typeof j.text === 'string' && j.text.trim()) {
        notice.textContent = j.text;
        noticeVersion = typeof j.version === 'number' ? j.version : null;
        consent.setAttribute('data-notice-version', String(noticeVersion));
      }
    } catch (_) { /* keep the built-in notice */ }
  }

  // Save a JSON document as a file, without leaving the page.
  function saveJson(filename, value) {
    const blob = new Blob([JSON.stringify(value, null, 2)], { type: 'application/json' });
    const url = URL.createObjectURL(blob);
    const a = el('a', { href: url, download: filename });
    shadow.appendChild(a);
    a.click();
    a.remove();
    setTimeout(() => URL.revokeObjectURL(url), 10000);
  }

  async function downloadConversation() {
    if (!session) return;
    setError('');
    try {
      const res = await fetch(apiUrl(`/conversations/${encodeURIComponent(session.conversationId)}/export`), {
        method: 'GET', mode: 'cors', credentials: 'omit', headers: { Accept: 'application/json', ...authHeaders() },
      });
      if (!res.ok) {
        setError(await errorText(res));
        return;
      }
      saveJson(`conversation-${session.conversationId}.json`, await res.json());
    } catch (_) {
      setError('Could not download your conversation. Please check your connection and try again.');
    }
  }

  async function deleteConversation() {
    if (!session) return;
    if (busy) {
      setError('Please wait for the answer to finish, then delete.');
      return;
    }
    setError('');
    const id = session.conversationId;
    try {
      const res = await fetch(apiUrl(`/conversations/${encodeURIComponent(id)}`), {
        method: 'DELETE', mode: 'cors', credentials: 'omit', headers: { Accept: 'application/json', ...authHeaders() },
      });
      if (!res.ok) {
        confirmBox.hidden = true;
        updateControls();
        setError(await errorText(res));
        return;
      }
      const j = await res.json().catch(() => ({}));
      resetConversation();
      addNote('Your conversation was deleted from the server. Its keys were destroyed, so no one can read it again.');
      if (j && j.receipt) {
        // The signed receipt proves the deletion; the firm's public key checks it.
        const save = el('button', { type: 'button', class: 'link', 'data-testid': 'porter-receipt' },
          'Save the deletion receipt');
        save.addEventListener('click', () => saveJson(`deletion-receipt-${id}.json`, j));
        log.appendChild(save);
      }
    } catch (_) {
      setError('Could not delete your conversation. Please check your connection and try again.');
    }
  }

  downloadBtn.addEventListener('click', downloadConversation);
  deleteBtn.addEventListener('click', () => {
    confirmBox.hidden = false;
    updateControls();
    confirmYes.focus();
  });
  confirmNo.addEventListener('click', () => {
    confirmBox.hidden = true;
    updateControls();
    deleteBtn.focus();
  });
  confirmYes.addEventListener('click', deleteConversation);

  // Reload history after a page reload so the tenant sees the same conversation.
  async function loadHistory() {
    if (!session) return;
    try {
      const res = await fetch(apiUrl(`/conversations/${encodeURIComponent(session.conversationId)}/messages`), {
        method: 'GET',
        mode: 'cors',
        credentials: 'omit',
        headers: { Accept: 'application/json', ...authHeaders() },
      });
      if (isGone(res.status)) {
        resetConversation();
        return;
      }
      if (!res.ok) {
        setError(await errorText(res));
        return;
      }
      const j = await res.json();
      const messages = (j && Array.isArray(j.messages)) ? j.messages : [];
      messages.forEach(renderHistoryMessage);
      if (session.escalated) startStaffPolling();
    } catch (_) {
      setError('Could not load your earlier messages. Please check your connection.');
    }
  }

  // After escalation, staff replies arrive outside the SSE stream; poll the
  // history (only while the panel is open and the tab is visible) to show them.
  async function pollStaff() {
    if (!session || busy || panel.hidden || document.visibilityState === 'hidden') return;
    try {
      const res = await fetch(apiUrl(`/conversations/${encodeURIComponent(session.conversationId)}/messages`), {
        method: 'GET',
        mode: 'cors',
        credentials: 'omit',
        headers: { Accept: 'application/json', ...authHeaders() },
      });
      if (!res.ok) return;
      const j = await res.json();
      const messages = (j && Array.isArray(j.messages)) ? j.messages : [];
      for (const m of messages) {
        if (m && m.role === 'staff') renderHistoryMessage(m);
      }
    } catch (_) { /* transient; try again next tick */ }
  }
  function startStaffPolling() {
    if (!staffTimer) staffTimer = setInterval(pollStaff, STAFF_POLL_MS);
  }
  function stopStaffPolling() {
    if (staffTimer) clearInterval(staffTimer);
    staffTimer = null;
  }

  // Put unsent text back so nothing the tenant typed is lost.
  function restoreInput(text) {
    const current = input.value;
    input.value = (current ? `${text}\n${current}` : text).slice(0, MAX_CHARS);
  }

  // ---------------------------------------------------------------------------
  // SSE parsing. EventSource can't POST or send headers, so read the body
  // stream ourselves: events are blocks of "field: value" lines separated by
  // a blank line; multiple data lines join with "\n"; lines starting ":" are comments.
  // ---------------------------------------------------------------------------
  function parseBlock(block) {
    let event = 'message';
    const dataLines = [];
    for (const line of block.split('\n')) {
      if (!line || line.startsWith(':')) continue;
      const i = line.indexOf(':');
      const field = i === -1 ? line : line.slice(0, i);
      let value = i === -1 ? '' : line.slice(i + 1);
      if (value.startsWith(' ')) value = value.slice(1);
      if (field === 'event') event = value;
      else if (field === 'data') dataLines.push(value);
    }
    if (!dataLines.length && event === 'message') return null;
    const raw = dataLines.join('\n');
    let payload = null;
    try {
      payload = raw ? JSON.parse(raw) : {};
    } catch (_) {
      payload = { text: raw };
    }
    return { event, data: payload };
  }

  async function readSse(res, onEvent) {
    const reader = res.body.getReader();
    const decoder = new TextDecoder();
    let buffer = '';
    for (;;) {
      const { value, done } = await reader.read();
      if (done) break;
      // Normalise CRLF / CR so the blank-line split works for any server.
      buffer += decoder.decode(value, { stream: true }).replace(/\r\n?/g, '\n');
      let idx;
      while ((idx = buffer.indexOf('\n\n')) !== -1) {
        const block = buffer.slice(0, idx);
        buffer = buffer.slice(idx + 2);
        const ev = parseBlock(block);
        if (ev && onEvent(ev) === false) {
          reader.cancel().catch(() => {});
          return;
        }
      }
    }
    buffer += decoder.decode().replace(/\r\n?/g, '\n');
    if (buffer.trim()) {
      const ev = parseBlock(buffer);
      if (ev) onEvent(ev);
    }
  }

  // ---------------------------------------------------------------------------
  // Sending a message.
  // ---------------------------------------------------------------------------
  async function send() {
    if (busy) return;
    const text = input.value.trim();
    if (!text) {
      input.focus();
      return;
    }
    if (!session && starting) {
      // "Start chat" was just chosen: send once the conversation exists.
      await startConversation();
    }
    if (!session) {
      // Consent is required before anything leaves the browser; the typed text stays.
      setError('Please read the note above and choose \u201cStart chat\u201d first. Your message is kept.');
      consentBtn.focus();
      return;
    }

    busy = true;
    setError('');
    updateControls();
    input.value = '';
    const tenantMsg = addMessage('tenant', text);
    const reply = addMessage('assistant', '');
    reply.textNode.classList.add('typing');
    log.setAttribute('aria-busy', 'true');
    let gotText = false;
    let finished = false;

    const failSend = (message) => {
      // Nothing was accepted: drop both bubbles and give the text back.
      tenantMsg.wrap.remove();
      reply.wrap.remove();
      restoreInput(text);
      setError(message);
    };

    try {
      const res = await fetch(apiUrl(`/conversations/${encodeURIComponent(session.conversationId)}/messages`), {
        method: 'POST',
        mode: 'cors',
        credentials: 'omit',
        headers: {
          'Content-Type': 'application/json',
          Accept: 'text/event-stream',
          ...authHeaders(),
        },
        body: JSON.stringify({ text }),
      });

      if (!res.ok) {
        const message = await errorText(res);
        failSend(message);
        if (isGone(res.status)) {
          // Conversation expired: start over with consent, keeping the typed text.
          resetConversation();
          setError(`${message} Please start a new chat; your message is kept.`);
        }
        finished = true;
        return;
      }

      const type = (res.headers.get('Content-Type') || '').toLowerCase();
      if (!type.includes('text/event-stream') || !res.body) {
        // Non-streaming fallback: a plain JSON message.
        const j = await res.json().catch(() => null);
        if (j && typeof j.text === 'string') {
          reply.textNode.textContent = j.text;
          gotText = true;
          if (j.messageId != null) {
            seenIds.add(String(j.messageId));
            reply.wrap.setAttribute('data-message-id', String(j.messageId));
          }
          if (Array.isArray(j.citations)) j.citations.forEach((c) => addCitation(reply, c));
        }
        finished = true;
        return;
      }

      await readSse(res, ({ event, data }) => {
        const d = data && typeof data === 'object' ? data : {};
        switch (event) {
          case 'token':
            if (typeof d.text === 'string') {
              if (!gotText) reply.textNode.classList.remove('typing');
              gotText = true;
              reply.textNode.textContent += d.text;
              scrollDown(false);
            }
            break;
          case 'citation':
            addCitation(reply, d);
            break;
          case 'form':
            // A structured form (e.g. a maintenance request) was prepared;
            // show its title so the tenant knows, details arrive as text/staff follow-up.
            addNote(d.text || d.message || (d.title ? `Form: ${d.title}` : 'A form has been prepared for you.'));
            break;
          case 'escalated':
            addNote(d.text || d.message ||
              `Your question has been passed to the ${firm} office. Staff will reply here.`);
            if (session) {
              session.escalated = true;
              store.write(session);
            }
            startStaffPolling();
            break;
          case 'error':
            setError(d.detail || d.error || 'The assistant stopped unexpectedly. Please try again.');
            finished = true;
            return false;
          case 'done':
            if (d.messageId != null) {
              seenIds.add(String(d.messageId));
              reply.wrap.setAttribute('data-message-id', String(d.messageId));
            }
            if (d.mode) reply.wrap.setAttribute('data-mode', String(d.mode));
            if (Array.isArray(d.citations)) d.citations.forEach((c) => addCitation(reply, c));
            finished = true;
            return false; // stop reading; the server closes anyway
          default:
            break; // unknown events are ignored on purpose (forward compatible)
        }
        return true;
      });

      if (!finished) {
        setError('The connection was interrupted before the answer finished. Please try again.');
      }
    } catch (_) {
      if (!gotText) {
        failSend('Could not reach the assistant. Please check your connection and try again.');
      } else {
        setError('The connection was interrupted before the answer finished. Please try again.');
      }
    } finally {
      reply.textNode.classList.remove('typing');
      // An empty assistant bubble (e.g. only a form/escalation note) is just noise.
      if (reply.wrap.isConnected && !gotText && !reply.citations) {
        reply.wrap.remove();
      }
      log.removeAttribute('aria-busy');
      busy = false;
      updateControls();
      scrollDown(false);
      // After an expired conversation was reset, the next step is consent.
      if (!panel.hidden) (session ? input : consentBtn).focus();
    }
  }

  // ---------------------------------------------------------------------------
  // Open / close and keyboard handling.
  // ---------------------------------------------------------------------------
  function open() {
    if (!panel.hidden) {
      input.focus();
      return;
    }
    panel.hidden = false;
    // The label stays "Open chat with ..."; aria-expanded carries the state.
    bubble.setAttribute('aria-expanded', 'true');
    scrollDown(true);
    input.focus();
  }

  function close() {
    if (panel.hidden) return;
    panel.hidden = true;
    bubble.setAttribute('aria-expanded', 'false');
    bubble.focus();
  }

  bubble.addEventListener('click', () => (panel.hidden ? open() : close()));
  closeBtn.addEventListener('click', close);
  consentBtn.addEventListener('click', startConversation);

  form.addEventListener('submit', (e) => {
    e.preventDefault();
    send();
  });

  input.addEventListener('keydown', (e) => {
    // Enter sends, Shift+Enter inserts a newline; never send mid IME composition.
    if (e.key === 'Enter' && !e.shiftKey && !e.isComposing && e.keyCode !== 229) {
      e.preventDefault();
      send();
    }
  });

  // Escape anywhere inside the widget closes the panel and returns focus to the bubble.
  shadow.addEventListener('keydown', (e) => {
    if (e.key === 'Escape' && !panel.hidden) {
      e.preventDefault();
      e.stopPropagation();
      close();
    }
  });

  // ---------------------------------------------------------------------------
  // Mount.
  // ---------------------------------------------------------------------------
  function mount() {
    document.body.appendChild(host);
    updateControls();
    loadNotice();
    if (session) loadHistory();
  }

  if (document.body) mount();
  else document.addEventListener('DOMContentLoaded', mount, { once: true });

  // The only global: a tiny API for host pages (e.g. an "Ask us" link).
  window.PorterWidget = Object.freeze({ open, close });
})();
