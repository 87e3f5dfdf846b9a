import { defineMessages } from '../define';

export default defineMessages({
  it: {
    'nav.portal': 'Il tuo portale',
    'common.save': 'Salva',
    'portal.servedBy': 'Hub di riferimento: {hub}',
    'portal.newRequest': 'Chiedi dei dispositivi',
    'portal.newRequestIntro': 'Di’ all’hub che cosa vi serve, per che cosa e per quante persone. Segui poi la richiesta da qui.',
    'portal.notActive': 'La vostra organizzazione non è attiva: per fare richieste contattate l’hub.',
    'portal.requests': 'Le vostre richieste',
    'portal.deliveries': 'Le vostre consegne',
    'portal.toConfirm': 'Consegne di cui confermare l’arrivo: {count}',
    'portal.requestSent': 'Richiesta inviata: l’hub la valuterà. Ogni cambiamento compare qui sotto.',
    'portal.done.received': 'Grazie: ricevuta confermata.',
    'portal.done.reported': 'Segnalazione inviata all’hub.',
  },
  en: {
    'nav.portal': 'Your portal',
    'common.save': 'Save',
    'portal.servedBy': 'Your hub: {hub}',
    'portal.newRequest': 'Ask for devices',
    'portal.newRequestIntro': 'Tell the hub what you need, what for and for how many people. Then follow the request from here.',
    'portal.notActive': 'Your organisation is not active: contact the hub to make requests.',
    'portal.requests': 'Your requests',
    'portal.deliveries': 'Your deliveries',
    'portal.toConfirm': 'Deliveries whose arrival you have to confirm: {count}',
    'portal.requestSent': 'Request sent: the hub will review it. Every change shows up below.',
    'portal.done.received': 'Thank you: receipt confirmed.',
    'portal.done.reported': 'Report sent to the hub.',
  },
});
