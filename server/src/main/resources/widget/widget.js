/*
 * Porter chat widget.
 *
 * Embed with one tag:
 *   <script src="https://porter.example/widget.js" data-property-id="maple-court"
 *           data-title="Maple Court" defer></script>
 *
 * Optional attributes: data-firm (name shown in the privacy notice, defaults to
 * data-title), data-api-base (override when the API is not on the script's origin)
 * and data-lang (the widget's first language; otherwise the browser's).
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

  // Per-origin + per-property key, so two widgets for different properties don't collide.
  const STORE_KEY = `porter:${base}:${propertyId}`;

  // ---------------------------------------------------------------------------
  // The widget's own texts in Porter's six languages. The first guess is the
  // browser's language; after each reply the server says which language the
  // tenant is writing in (done.language) and the widget follows. Arabic is
  // laid out right to left.
  // ---------------------------------------------------------------------------
  const I18N = {
    en: {
      heading: (t) => `Chat with ${t}`, open: (t) => `Open chat with ${t}`, close: 'Close chat',
      notice: (f) => `Your conversation is encrypted and stays on ${f}'s own server. It is not sent to outside AI services. Office staff may read it to help you. Please don\u2019t share bank or card details here.`,
      start: 'Start chat', placeholder: 'Type your question\u2026', send: 'Send', you: 'You',
      assistant: (t) => `${t} assistant`, office: (t) => `${t} office`, messageTo: (t) => `Message to ${t}`,
      hint: 'Press Enter to send, Shift+Enter for a new line.',
      escalated: (f) => `Your conversation has been passed to the ${f} office. Staff will reply here.`,
      answering: (n) => `${n} from the office is answering you.`,
      emergency: 'On-call staff have been alerted. If anyone is in danger, call emergency services now.',
      options: 'Choose an answer', sources: 'Sources', source: 'Source',
      ticket: (d) => `Update on your repair request ${d.reference}: ${d.label}.`,
      helpful: 'Was this answer helpful?', up: 'Helpful', down: 'Not helpful',
      commentLabel: 'What were you looking for? (optional)', commentSend: 'Send', thanks: 'Thank you for your feedback.',
      endChat: 'End chat', csat: 'How satisfied are you with this chat? (1 = not at all, 5 = very)',
      csatTicket: (r) => `How satisfied are you with how repair request ${r} was handled? (1 = not at all, 5 = very)`,
      csatScore: (n) => `${n} out of 5`, csatThanks: 'Thank you! Your rating helps the office improve.',
      statuses: { open: 'open', scheduled: 'scheduled', 'in-progress': 'in progress', completed: 'completed', cancelled: 'cancelled' },
    },
    es: {
      heading: (t) => `Chat con ${t}`, open: (t) => `Abrir chat con ${t}`, close: 'Cerrar chat',
      notice: (f) => `Su conversación está cifrada y se queda en el servidor propio de ${f}. No se envía a servicios de IA externos. El personal de la oficina puede leerla para ayudarle. No comparta aquí datos bancarios ni de tarjetas.`,
      start: 'Iniciar chat', placeholder: 'Escriba su pregunta\u2026', send: 'Enviar', you: 'Usted',
      assistant: (t) => `Asistente de ${t}`, office: (t) => `Oficina de ${t}`, messageTo: (t) => `Mensaje para ${t}`,
      hint: 'Pulse Intro para enviar y Mayús+Intro para una nueva línea.',
      escalated: (f) => `Su conversación se ha pasado a la oficina de ${f}. El personal responderá aquí.`,
      answering: (n) => `${n}, de la oficina, le está respondiendo.`,
      emergency: 'Se ha avisado al personal de guardia. Si alguien corre peligro, llame ya a emergencias.',
      options: 'Elija una respuesta', sources: 'Fuentes', source: 'Fuente',
      ticket: (d) => `Novedad sobre su solicitud de reparación ${d.reference}: ${d.label}.`,
      helpful: '¿Le sirvió esta respuesta?', up: 'Útil', down: 'No útil',
      commentLabel: '¿Qué buscaba? (opcional)', commentSend: 'Enviar', thanks: 'Gracias por su opinión.',
      endChat: 'Terminar chat', csat: '¿Qué tan satisfecho está con este chat? (1 = nada, 5 = mucho)',
      csatTicket: (r) => `¿Qué tan satisfecho está con la atención de la solicitud ${r}? (1 = nada, 5 = mucho)`,
      csatScore: (n) => `${n} de 5`, csatThanks: '¡Gracias! Su valoración ayuda a mejorar a la oficina.',
      statuses: { open: 'abierta', scheduled: 'programada', 'in-progress': 'en curso', completed: 'completada', cancelled: 'cancelada' },
    },
    fr: {
      heading: (t) => `Discuter avec ${t}`, open: (t) => `Ouvrir la discussion avec ${t}`, close: 'Fermer la discussion',
      notice: (f) => `Votre conversation est chiffrée et reste sur le serveur de ${f}. Elle n'est pas envoyée à des services d'IA externes. Le personnel du bureau peut la lire pour vous aider. Ne partagez pas ici vos coordonnées bancaires.`,
      start: 'Commencer', placeholder: 'Écrivez votre question\u2026', send: 'Envoyer', you: 'Vous',
      assistant: (t) => `Assistant ${t}`, office: (t) => `Bureau ${t}`, messageTo: (t) => `Message à ${t}`,
      hint: 'Entrée pour envoyer, Maj+Entrée pour une nouvelle ligne.',
      escalated: (f) => `Votre conversation a été transmise au bureau de ${f}. Le personnel répondra ici.`,
      answering: (n) => `${n}, du bureau, vous répond.`,
      emergency: 'Le personnel d\u2019astreinte a été alerté. Si quelqu\u2019un est en danger, appelez les secours maintenant.',
      options: 'Choisissez une réponse', sources: 'Sources', source: 'Source',
      ticket: (d) => `Mise à jour de votre demande de réparation ${d.reference} : ${d.label}.`,
      helpful: 'Cette réponse vous a-t-elle aidé ?', up: 'Utile', down: 'Pas utile',
      commentLabel: 'Que cherchiez-vous ? (facultatif)', commentSend: 'Envoyer', thanks: 'Merci pour votre avis.',
      endChat: 'Terminer la discussion', csat: 'Êtes-vous satisfait de cette discussion ? (1 = pas du tout, 5 = très)',
      csatTicket: (r) => `Êtes-vous satisfait du traitement de la demande ${r} ? (1 = pas du tout, 5 = très)`,
      csatScore: (n) => `${n} sur 5`, csatThanks: 'Merci ! Votre note aide le bureau à s\u2019améliorer.',
      statuses: { open: 'ouverte', scheduled: 'planifiée', 'in-progress': 'en cours', completed: 'terminée', cancelled: 'annulée' },
    },
    zh: {
      heading: (t) => `与 ${t} 聊天`, open: (t) => `打开与 ${t} 的聊天`, close: '关闭聊天',
      notice: (f) => `您的对话已加密，只保存在 ${f} 自己的服务器上，不会发送给外部 AI 服务。办公室工作人员可能会阅读对话以帮助您。请不要在此分享银行卡或信用卡信息。`,
      start: '开始聊天', placeholder: '请输入您的问题\u2026', send: '发送', you: '您',
      assistant: (t) => `${t} 助手`, office: (t) => `${t} 办公室`, messageTo: (t) => `发给 ${t} 的消息`,
      hint: '按 Enter 发送，Shift+Enter 换行。',
      escalated: (f) => `您的对话已转给 ${f} 办公室，工作人员会在这里回复。`,
      answering: (n) => `办公室的${n}正在为您解答。`,
      emergency: '已通知值班人员。如有人身危险，请立即拨打急救电话。',
      options: '请选择一个答案', sources: '来源', source: '来源',
      ticket: (d) => `您的维修申请 ${d.reference} 状态更新：${d.label}。`,
      helpful: '这个回答有帮助吗？', up: '有帮助', down: '没有帮助',
      commentLabel: '您想了解什么？（可选）', commentSend: '发送', thanks: '感谢您的反馈。',
      endChat: '结束聊天', csat: '您对这次聊天满意吗？（1 = 很不满意，5 = 非常满意）',
      csatTicket: (r) => `您对维修申请 ${r} 的处理满意吗？（1 = 很不满意，5 = 非常满意）`,
      csatScore: (n) => `${n} 分（满分 5 分）`, csatThanks: '谢谢！您的评分能帮助办公室改进。',
      statuses: { open: '已受理', scheduled: '已安排', 'in-progress': '处理中', completed: '已完成', cancelled: '已取消' },
    },
    vi: {
      heading: (t) => `Trò chuyện với ${t}`, open: (t) => `Mở trò chuyện với ${t}`, close: 'Đóng trò chuyện',
      notice: (f) => `Cuộc trò chuyện của bạn được mã hóa và chỉ lưu trên máy chủ riêng của ${f}. Nó không được gửi tới dịch vụ AI bên ngoài. Nhân viên văn phòng có thể đọc để hỗ trợ bạn. Vui lòng không chia sẻ thông tin ngân hàng hay thẻ tại đây.`,
      start: 'Bắt đầu', placeholder: 'Nhập câu hỏi của bạn\u2026', send: 'Gửi', you: 'Bạn',
      assistant: (t) => `Trợ lý ${t}`, office: (t) => `Văn phòng ${t}`, messageTo: (t) => `Tin nhắn tới ${t}`,
      hint: 'Nhấn Enter để gửi, Shift+Enter để xuống dòng.',
      escalated: (f) => `Cuộc trò chuyện đã được chuyển tới văn phòng ${f}. Nhân viên sẽ trả lời tại đây.`,
      answering: (n) => `${n} từ văn phòng đang trả lời bạn.`,
      emergency: 'Đã báo cho nhân viên trực. Nếu có ai gặp nguy hiểm, hãy gọi cấp cứu ngay.',
      options: 'Chọn một câu trả lời', sources: 'Nguồn', source: 'Nguồn',
      ticket: (d) => `Cập nhật yêu cầu sửa chữa ${d.reference}: ${d.label}.`,
      helpful: 'Câu trả lời này có hữu ích không?', up: 'Hữu ích', down: 'Không hữu ích',
      commentLabel: 'Bạn đang tìm gì? (không bắt buộc)', commentSend: 'Gửi', thanks: 'Cảm ơn phản hồi của bạn.',
      endChat: 'Kết thúc trò chuyện', csat: 'Bạn hài lòng với cuộc trò chuyện này đến mức nào? (1 = không hề, 5 = rất hài lòng)',
      csatTicket: (r) => `Bạn hài lòng với cách xử lý yêu cầu ${r} đến mức nào? (1 = không hề, 5 = rất hài lòng)`,
      csatScore: (n) => `${n} trên 5`, csatThanks: 'Cảm ơn bạn! Đánh giá của bạn giúp văn phòng cải thiện.',
      statuses: { open: 'đang mở', scheduled: 'đã lên lịch', 'in-progress': 'đang xử lý', completed: 'đã hoàn thành', cancelled: 'đã hủy' },
    },
    ar: {
      heading: (t) => `الدردشة مع ${t}`, open: (t) => `افتح الدردشة مع ${t}`, close: 'إغلاق الدردشة',
      notice: (f) => `محادثتك مشفّرة وتبقى على خادم ${f} الخاص، ولا تُرسل إلى خدمات ذكاء اصطناعي خارجية. قد يقرؤها موظفو المكتب لمساعدتك. من فضلك لا تشارك هنا بيانات البنك أو البطاقة.`,
      start: 'ابدأ الدردشة', placeholder: 'اكتب سؤالك\u2026', send: 'إرسال', you: 'أنت',
      assistant: (t) => `مساعد ${t}`, office: (t) => `مكتب ${t}`, messageTo: (t) => `رسالة إلى ${t}`,
      hint: 'اضغط Enter للإرسال وShift+Enter لسطر جديد.',
      escalated: (f) => `نُقلت محادثتك إلى مكتب ${f}. سيرد الموظفون هنا.`,
      answering: (n) => `يرد عليك ${n} من المكتب.`,
      emergency: 'تم تنبيه موظفي المناوبة. إذا كان أحد في خطر، اتصل بالطوارئ الآن.',
      options: 'اختر إجابة', sources: 'المصادر', source: 'المصدر',
      ticket: (d) => `تحديث على طلب الإصلاح ${d.reference}: ${d.label}.`,
      helpful: 'هل كانت هذه الإجابة مفيدة؟', up: 'مفيدة', down: 'غير مفيدة',
      commentLabel: 'عمّ كنت تبحث؟ (اختياري)', commentSend: 'إرسال', thanks: 'شكرًا على ملاحظاتك.',
      endChat: 'إنهاء الدردشة', csat: 'ما مدى رضاك عن هذه الدردشة؟ (1 = غير راضٍ إطلاقًا، 5 = راضٍ جدًا)',
      csatTicket: (r) => `ما مدى رضاك عن معالجة طلب الإصلاح ${r}؟ (1 = غير راضٍ إطلاقًا، 5 = راضٍ جدًا)`,
      csatScore: (n) => `${n} من 5`, csatThanks: 'شكرًا! تقييمك يساعد المكتب على التحسن.',
      statuses: { open: 'مفتوح', scheduled: 'مُجدول', 'in-progress': 'قيد التنفيذ', completed: 'مكتمل', cancelled: 'ملغى' },
    },
  };
  // zh-Hans, zh-CN, es-MX ... → the primary subtag; anything else → English.
  function langKey(tag) {
    const primary = String(tag || '').toLowerCase().split(/[-_]/)[0];
    return Object.prototype.hasOwnProperty.call(I18N, primary) ? primary : 'en';
  }
  let uiLang = langKey(data.lang || navigator.language);
  const t = (key, arg) => {
    const v = I18N[uiLang][key];
    return typeof v === 'function' ? v(arg) : v;
  };

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
.answering { padding: 6px 14px; font-size: 13px; color: #6b4f00; background: #fff8e1; border-top: 1px solid #e3c26b; }
.answering[hidden] { display: none; }
.error { min-height: 0; padding: 0 14px; font-size: 13px; color: #b42318; background: #fff; }
.error:not(:empty) { padding: 8px 14px; border-top: 1px solid #f1c0bb; background: #fef3f2; }
.composer { display: flex; gap: 8px; align-items: flex-end; padding: 10px 12px; border-top: 1px solid #d0d7de; background: #fff; }
.composer textarea {
  flex: 1; resize: none; min-height: 44px; max-height: 140px; padding: 10px;
  border: 1px solid #8c959f; border-radius: 8px; color: #1f2328; background: #fff;
}
.composer textarea:focus-visible { outline: 3px solid #1d4ed8; outline-offset: 0; border-color: #1d4ed8; }
.send { height: 44px; }
.flow-form { display: flex; flex-wrap: wrap; gap: 6px; margin: 2px 0 4px; align-self: stretch; }
.flow-form[aria-disabled="true"] { display: none; }
.option {
  border: 1px solid #1e3a5f; border-radius: 999px; padding: 6px 12px; cursor: pointer;
  background: #fff; color: #1e3a5f; font: inherit; font-size: 14px; text-align: start;
}
.option:hover { background: #e8eef6; }
.thumbs { display: flex; flex-wrap: wrap; gap: 6px; align-items: center; margin-top: 6px; }
.thumb {
  border: 1px solid #d0d7de; border-radius: 999px; padding: 2px 10px; cursor: pointer;
  background: #fff; font-size: 14px; line-height: 1.4;
}
.thumb:hover { background: #eef2f6; }
.thumb[aria-pressed="true"] { background: #e8eef6; border-color: #1e3a5f; }
.feedback-comment { display: flex; flex-direction: column; gap: 4px; width: 100%; font-size: 13px; }
.feedback-comment textarea { resize: vertical; padding: 6px; border: 1px solid #8c959f; border-radius: 6px; }
.thanks { font-size: 12px; color: #57606a; }
.csat { align-self: stretch; background: #fff; border: 1px solid #d0d7de; border-radius: 10px; padding: 8px 10px; }
.csat p { margin: 0 0 6px; }
.csat-scores { display: flex; gap: 6px; }
.msg-emergency { border: 2px solid #b42318 !important; background: #fef3f2 !important; color: #1f2328 !important; }
.note-emergency { background: #b42318; color: #fff; font-weight: 600; }
.root[dir="rtl"] .bubble { right: auto; left: 20px; }
.root[dir="rtl"] .panel { right: auto; left: 20px; }
.root[dir="rtl"] .msg-tenant { border-bottom-right-radius: 12px; border-bottom-left-radius: 4px; }
.root[dir="rtl"] .msg-assistant, .root[dir="rtl"] .msg-staff { border-bottom-left-radius: 12px; border-bottom-right-radius: 4px; }
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
  .option { background: #0d1117; color: #9cc3ff; border-color: #58a6ff; }
  .option:hover { background: #1f2a37; }
  .thumb, .csat { background: #161b22; border-color: #30363d; color: #e6edf3; }
  .feedback-comment textarea { background: #0d1117; color: #e6edf3; }
  .thanks { color: #9198a1; }
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
    'aria-label': t('open', title),
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
  const heading = el('h2', { id: 'porter-heading' }, t('heading', title));
  const closeBtn = el('button', {
    type: 'button',
    class: 'close',
    'data-testid': 'porter-close',
    'aria-label': t('close'),
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
  // The satisfaction score is asked when the tenant ends the chat here.
  const endBtn = el('button', { type: 'button', class: 'link', 'data-testid': 'porter-end-chat' }, t('endChat'));
  tools.append(endBtn, downloadBtn, deleteBtn, confirmBox);

  const body = el('div', { class: 'body' });

  // Privacy notice + explicit consent: no conversation is created before this.
  const consent = el('div', { class: 'consent', id: 'porter-consent-box', 'data-testid': 'porter-consent-box' });
  // The built-in notice in the tenant's language until the firm's own (versioned) notice has loaded.
  const notice = el('p', { id: 'porter-privacy', 'data-testid': 'porter-privacy' }, t('notice', firm));
  const consentBtn = el('button', {
    type: 'button',
    class: 'primary',
    id: 'porter-consent',
    'data-testid': 'porter-consent',
    'aria-describedby': 'porter-privacy',
  }, t('start'));
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

  const answering = el('div', {
    class: 'answering',
    'data-testid': 'porter-answering',
    role: 'status',
    'aria-live': 'polite',
  });
  answering.hidden = true;

  const form = el('form', { class: 'composer', 'data-testid': 'porter-form', novalidate: true });
  const label = el('label', { for: 'porter-input', class: 'sr-only' }, t('messageTo', title));
  const input = el('textarea', {
    id: 'porter-input',
    'data-testid': 'porter-input',
    rows: '2',
    maxlength: String(MAX_CHARS),
    placeholder: t('placeholder'),
    autocomplete: 'off',
    'aria-describedby': 'porter-input-hint',
  });
  const hint = el('span', { id: 'porter-input-hint', class: 'sr-only' }, t('hint'));
  const sendBtn = el('button', {
    type: 'submit',
    class: 'primary send',
    id: 'porter-send',
    'data-testid': 'porter-send',
  }, t('send'));
  form.append(label, input, hint, sendBtn);

  panel.append(header, tools, body, answering, errorLine, form);
  root.append(panel, bubble);
  shadow.append(style, root);

  // ---------------------------------------------------------------------------
  // State.
  // ---------------------------------------------------------------------------
  let session = store.read(); // {conversationId, token, escalated?}
  let busy = false; // a reply is streaming
  let starting = false; // conversation is being created
  let startPromise = null; // resolves when the conversation being created exists (or failed)
  let staffEvents = null; // the EventSource of staff replies, once the conversation was handed to staff
  let noticeVersion = null; // the privacy-notice version shown, sent back with consent
  const seenIds = new Set(); // messageIds already rendered (a staff reply may arrive live and in history)

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
  const who = (role, author) => (role === 'tenant' ? t('you')
    : role === 'staff' ? (author ? `${author} \u00b7 ${t('office', title)}` : t('office', title))
    : t('assistant', title));
  const TESTID = {
    tenant: 'porter-tenant-message',
    assistant: 'porter-assistant-message',
    staff: 'porter-staff-message',
  };

  function addMessage(role, text, author) {
    const r = TESTID[role] ? role : 'assistant';
    const wrap = el('div', { class: `msg msg-${r}`, 'data-testid': TESTID[r], 'data-role': r });
    const whoNode = el('span', { class: 'who' }, who(r, author));
    const textNode = el('div', { class: 'msg-text' }, text || '');
    wrap.append(whoNode, textNode);
    log.appendChild(wrap);
    scrollDown(true);
    return { wrap, textNode, citations: null, citationIds: new Set() };
  }

  function addNote(text, emergency) {
    const note = el('div', {
      class: emergency ? 'note note-emergency' : 'note',
      'data-testid': emergency ? 'porter-emergency-note' : 'porter-note',
      role: emergency ? 'alert' : null,
    }, text);
    log.appendChild(note);
    scrollDown(true);
  }

  // Switches the widget's own texts (and the layout direction) to the
  // tenant's language; messages already shown keep theirs.
  function applyLanguage(tag) {
    const key = langKey(tag);
    root.setAttribute('lang', key === 'zh' ? 'zh-Hans' : key);
    root.setAttribute('dir', key === 'ar' ? 'rtl' : 'ltr');
    if (session && session.lang !== key) {
      session.lang = key;
      store.write(session);
    }
    if (key === uiLang) return;
    uiLang = key;
    bubble.setAttribute('aria-label', t('open', title));
    heading.textContent = t('heading', title);
    closeBtn.setAttribute('aria-label', t('close'));
    if (noticeVersion == null) {
      // The firm's own notice is what the tenant consents to (its version is recorded): never replace it.
      notice.textContent = t('notice', firm);
    }
    consentBtn.textContent = t('start');
    label.textContent = t('messageTo', title);
    input.placeholder = t('placeholder');
    hint.textContent = t('hint');
    sendBtn.textContent = t('send');
    endBtn.textContent = t('endChat');
  }

  // ---------------------------------------------------------------------------
  // Flow steps (the `form` event): the options as buttons under the reply.
  // A button sends its label as the tenant's message, so the conversation
  // reads naturally; the server accepts the label or the value. Typed answers
  // always work too (the composer stays usable).
  // ---------------------------------------------------------------------------
  let activeForm = null;

  function clearForm() {
    if (activeForm) activeForm.remove();
    activeForm = null;
    input.removeAttribute('inputmode');
  }

  function renderForm(f) {
    clearForm();
    if (!f || typeof f !== 'object') return;
    if (f.input === 'phone') input.setAttribute('inputmode', 'tel');
    else if (f.input === 'email') input.setAttribute('inputmode', 'email');
    const options = Array.isArray(f.options) ? f.options.filter((o) => o && o.label != null) : [];
    if (!options.length) return;
    const group = el('div', {
      class: 'flow-form',
      role: 'group',
      'aria-label': f.prompt || t('options'),
      'data-testid': 'porter-flow-form',
      'data-input': f.input || null,
    });
    for (const o of options) {
      const b = el('button', {
        type: 'button',
        class: 'option',
        'data-testid': 'porter-option',
        'data-value': o.value != null ? String(o.value) : null,
      }, String(o.label));
      b.addEventListener('click', () => {
        if (!busy) send(String(o.label));
      });
      group.appendChild(b);
    }
    // Arrow keys move between the options (mirrored right to left), Home/End jump.
    group.addEventListener('keydown', (e) => {
      const buttons = Array.from(group.querySelectorAll('button'));
      const i = buttons.indexOf(shadow.activeElement);
      if (i < 0) return;
      const rtl = root.getAttribute('dir') === 'rtl';
      let next = null;
      if (e.key === 'ArrowDown' || e.key === (rtl ? 'ArrowLeft' : 'ArrowRight')) next = buttons[(i + 1) % buttons.length];
      else if (e.key === 'ArrowUp' || e.key === (rtl ? 'ArrowRight' : 'ArrowLeft')) next = buttons[(i - 1 + buttons.length) % buttons.length];
      else if (e.key === 'Home') next = buttons[0];
      else if (e.key === 'End') next = buttons[buttons.length - 1];
      if (next) {
        e.preventDefault();
        next.focus();
      }
    });
    log.appendChild(group);
    activeForm = group;
    scrollDown(true);
  }

  function addCitation(msg, c) {
    if (!c || typeof c !== 'object') return;
    const key = c.sourceId != null ? String(c.sourceId) : `${c.title}|${c.snippet}`;
    if (msg.citationIds.has(key)) return; // done repeats citations already streamed
    msg.citationIds.add(key);
    if (!msg.citations) {
      msg.citations = el('ul', { class: 'citations', 'aria-label': t('sources') });
      msg.wrap.appendChild(msg.citations);
    }
    const li = el('li', {
      'data-testid': 'porter-citation',
      'data-source-id': c.sourceId != null ? String(c.sourceId) : null,
      title: c.snippet || null,
    });
    const caption = `${t('source')}: ${c.title || 'Handbook'}`;
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
    const msg = addMessage(m.role, m.text, m.author);
    if (m.messageId != null) msg.wrap.setAttribute('data-message-id', String(m.messageId));
    if (m.mode) msg.wrap.setAttribute('data-mode', String(m.mode));
    if (Array.isArray(m.citations)) m.citations.forEach((c) => addCitation(msg, c));
    if (m.role === 'assistant' && m.messageId != null) addThumbs(msg, String(m.messageId), m.mode);
  }

  // ---------------------------------------------------------------------------
  // Feedback: thumbs up/down under each answer from the knowledge base (a
  // thumbs-down opens an optional comment and offers a person, whose "yes"
  // hands the chat to the office), and the one-question satisfaction score
  // (1-5) when the tenant ends the chat or a repair request is completed.
  // ---------------------------------------------------------------------------
  const RATED_MODES = new Set(['extractive', 'generative']);

  async function postFeedback(path, payload) {
    const res = await fetch(apiUrl(`/conversations/${encodeURIComponent(session.conversationId)}${path}`), {
      method: 'POST',
      mode: 'cors',
      credentials: 'omit',
      headers: { 'Content-Type': 'application/json', Accept: 'application/json', ...authHeaders() },
      body: JSON.stringify(payload),
    });
    if (!res.ok) throw new Error(await errorText(res));
    return res.json().catch(() => ({}));
  }

  function addThumbs(msg, messageId, mode) {
    if (!RATED_MODES.has(String(mode)) || msg.wrap.querySelector('.thumbs')) return;
    const bar = el('div', { class: 'thumbs', role: 'group', 'aria-label': t('helpful'), 'data-testid': 'porter-thumbs' });
    const thumb = (rating, symbol) => el('button', {
      type: 'button', class: 'thumb', 'aria-pressed': 'false', 'aria-label': t(rating), title: t(rating),
      'data-testid': `porter-thumbs-${rating}`,
    }, symbol);
    const up = thumb('up', '\u{1F44D}');
    const down = thumb('down', '\u{1F44E}');
    bar.append(up, down);
    const rate = async (rating, comment) => {
      if (!session) return null;
      setError('');
      try {
        const j = await postFeedback(`/messages/${encodeURIComponent(messageId)}/feedback`,
          comment ? { rating, comment } : { rating });
        up.setAttribute('aria-pressed', String(rating === 'up'));
        down.setAttribute('aria-pressed', String(rating === 'down'));
        return j;
      } catch (e) {
        setError(e.message);
        return null;
      }
    };
    up.addEventListener('click', async () => {
      if (!(await rate('up'))) return;
      const box = bar.querySelector('.feedback-comment');
      if (box) box.remove();
      showThanks(bar);
    });
    down.addEventListener('click', async () => {
      const j = await rate('down');
      if (!j) return;
      if (!bar.querySelector('.feedback-comment')) bar.appendChild(commentBox(rate, bar));
      if (j.offer) renderForm(j.offer);
    });
    msg.wrap.appendChild(bar);
  }

  // The optional comment after a thumbs-down: sent as the same rating with it (the latest one counts).
  function commentBox(rate, bar) {
    const box = el('div', { class: 'feedback-comment' });
    const id = `porter-comment-${Math.random().toString(36).slice(2)}`;
    const area = el('textarea', { id, rows: '2', maxlength: '1000', 'data-testid': 'porter-feedback-comment' });
    const sendIt = el('button', { type: 'button', class: 'link', 'data-testid': 'porter-feedback-send' },
      t('commentSend'));
    sendIt.addEventListener('click', async () => {
      const text = area.value.trim();
      if (!text) {
        area.focus();
        return;
      }
      if (await rate('down', text)) {
        box.remove();
        showThanks(bar);
      }
    });
    box.append(el('label', { for: id }, t('commentLabel')), area, sendIt);
    return box;
  }

  function showThanks(bar) {
    let note = bar.querySelector('.thanks');
    if (!note) {
      note = el('span', { class: 'thanks', role: 'status', 'data-testid': 'porter-feedback-thanks' });
      bar.appendChild(note);
    }
    note.textContent = t('thanks');
  }

  // Asked once per conversation (ticketReference null) and once per completed ticket.
  function askCsat(ticketReference) {
    if (!session) return;
    const asked = Array.isArray(session.csat) ? session.csat : [];
    const key = ticketReference || '';
    if (asked.includes(key)) return;
    session.csat = asked.concat([key]);
    store.write(session);
    const question = ticketReference ? t('csatTicket', ticketReference) : t('csat');
    const group = el('div', {
      class: 'csat', role: 'group', 'aria-label': question, 'data-testid': 'porter-csat',
      'data-ticket': ticketReference || null,
    });
    const scores = el('div', { class: 'csat-scores' });
    for (let n = 1; n <= 5; n++) {
      const b = el('button', {
        type: 'button', class: 'option', 'aria-label': t('csatScore', n), 'data-testid': 'porter-csat-score',
        'data-score': String(n),
      }, String(n));
      b.addEventListener('click', async () => {
        setError('');
        try {
          await postFeedback('/csat', ticketReference ? { score: n, ticketReference } : { score: n });
          group.replaceChildren(el('p', { role: 'status', 'data-testid': 'porter-csat-thanks' }, t('csatThanks')));
        } catch (e) {
          setError(e.message);
        }
      });
      scores.appendChild(b);
    }
    group.append(el('p', null, question), scores);
    log.appendChild(group);
    scrollDown(true);
    const first = scores.querySelector('button');
    if (first && !panel.hidden) first.focus();
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
    stopStaffEvents();
    session = null;
    store.clear();
    seenIds.clear();
    activeForm = null;
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
  endBtn.addEventListener('click', () => askCsat(null));
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
      if (session.escalated || session.tickets) startStaffEvents();
    } catch (_) {
      setError('Could not load your earlier messages. Please check your connection.');
    }
  }

  // After escalation, staff replies arrive outside the reply stream: the
  // conversation's event stream brings them live. EventSource cannot send
  // headers, so the token goes in the query (this route alone accepts it so);
  // it reconnects by itself and sends Last-Event-ID, and the server replays
  // the staff replies missed meanwhile. `held` / `released` say who answers,
  // `ticket` that a repair request raised here changed status.
  function startStaffEvents() {
    if (staffEvents || !session || typeof EventSource === 'undefined') return;
    const id = encodeURIComponent(session.conversationId);
    const source = new EventSource(apiUrl(`/conversations/${id}/events?token=${encodeURIComponent(session.token)}`));
    const data = (e) => { try { return JSON.parse(e.data); } catch (_) { return null; } };
    source.addEventListener('message', (e) => {
      const m = data(e);
      if (m && m.role === 'staff') renderHistoryMessage(m);
    });
    source.addEventListener('held', (e) => {
      const d = data(e);
      setAnswering(d && d.by ? String(d.by) : null);
    });
    source.addEventListener('released', () => setAnswering(null));
    // A ticket of this conversation changed status: one line, in the tenant's language (the status only; staff
    // notes never come here). An unknown status is shown as it came.
    source.addEventListener('ticket', (e) => {
      const d = data(e);
      if (!d || !d.reference || !d.status) return;
      const labels = I18N[uiLang].statuses || {};
      addNote(t('ticket', { reference: String(d.reference), label: labels[d.status] || String(d.status) }));
      if (d.status === 'completed') askCsat(String(d.reference));
    });
    staffEvents = source;
  }
  function stopStaffEvents() {
    if (staffEvents) staffEvents.close();
    staffEvents = null;
    setAnswering(null);
  }
  // Who from the office is answering, under the conversation; hidden when the bot answers.
  function setAnswering(name) {
    answering.textContent = name ? t('answering', name) : '';
    answering.hidden = !name;
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
  async function send(override) {
    if (busy) return;
    const fromButton = typeof override === 'string';
    const text = (fromButton ? override : input.value).trim();
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
    clearForm();
    if (!fromButton) input.value = '';
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
        const replyText = j && (typeof j.reply === 'string' ? j.reply : j.text);
        if (j && typeof replyText === 'string') {
          reply.textNode.textContent = replyText;
          if (j.language) applyLanguage(j.language);
          if (j.form) renderForm(j.form);
          gotText = true;
          if (j.messageId != null) {
            seenIds.add(String(j.messageId));
            reply.wrap.setAttribute('data-message-id', String(j.messageId));
          }
          if (Array.isArray(j.citations)) j.citations.forEach((c) => addCitation(reply, c));
          if (j.messageId != null) addThumbs(reply, String(j.messageId), j.mode);
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
            renderForm(d);
            break;
          case 'escalated':
            if (d.reason === 'emergency') addNote(t('emergency'), true);
            else addNote(d.text || t('escalated', firm));
            if (session) {
              session.escalated = true;
              store.write(session);
            }
            startStaffEvents();
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
            // A flow that opened a ticket quotes its reference (MC-1001): from then on the event stream also
            // brings the ticket's status changes, so open it (and again after a reload).
            if (d.mode === 'flow' && session && /\b[A-Z]{1,5}-\d{4,7}\b/.test(reply.textNode.textContent)) {
              session.tickets = true;
              store.write(session);
              startStaffEvents();
            }
            if (d.mode === 'emergency') reply.wrap.classList.add('msg-emergency');
            if (d.language) applyLanguage(d.language);
            if (Array.isArray(d.citations)) d.citations.forEach((c) => addCitation(reply, c));
            if (d.messageId != null) addThumbs(reply, String(d.messageId), d.mode);
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
      // After an expired conversation was reset, the next step is consent; after
      // a flow step, its first option (Tab reaches the composer to type instead).
      if (!panel.hidden) {
        const firstOption = activeForm && activeForm.querySelector('button');
        (firstOption || (session ? input : consentBtn)).focus();
      }
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
    applyLanguage(session && session.lang ? session.lang : uiLang);
    updateControls();
    loadNotice();
    if (session) loadHistory();
  }

  if (document.body) mount();
  else document.addEventListener('DOMContentLoaded', mount, { once: true });

  // The only global: a tiny API for host pages (e.g. an "Ask us" link).
  window.PorterWidget = Object.freeze({ open, close });
})();
