import { defineMessages } from '../define';

export default defineMessages({
  it: {
    'nav.inbox': 'Messaggi',
    'inbox.title': 'Messaggi',
    'inbox.intro': 'Quello che succede nel tuo hub e ti riguarda: nuove domande e richieste, segnalazioni, trasferimenti in arrivo, prestiti scaduti, rapporti da inviare.',
    'inbox.empty': 'Nessun messaggio.',
    'inbox.unread.one': '{count} da leggere',
    'inbox.unread.other': '{count} da leggere',
    'inbox.badge.one': '{count} messaggio da leggere',
    'inbox.badge.other': '{count} messaggi da leggere',
    'inbox.new': 'Nuovo',
    'inbox.unknown': 'Messaggio non trovato.',
    'inbox.markRead': 'Segna come letto',
    'inbox.markAll': 'Segna tutti come letti',
    'inbox.mailOff': 'L’invio di e-mail non è configurato: i messaggi sono solo qui, e i link di accesso vanno consegnati a mano.',
  },
  en: {
    'nav.inbox': 'Messages',
    'inbox.title': 'Messages',
    'inbox.intro': 'What happens in your hub that concerns you: new applications and requests, reported faults, incoming transfers, overdue loans, reports to submit.',
    'inbox.empty': 'No messages.',
    'inbox.unread.one': '{count} unread',
    'inbox.unread.other': '{count} unread',
    'inbox.badge.one': '{count} unread message',
    'inbox.badge.other': '{count} unread messages',
    'inbox.new': 'New',
    'inbox.unknown': 'Message not found.',
    'inbox.markRead': 'Mark as read',
    'inbox.markAll': 'Mark all as read',
    'inbox.mailOff': 'Sending e-mail is not configured: messages are only here, and access links must be handed over in person.',
  },
});
