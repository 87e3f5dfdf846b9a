import { defineMessages } from '../define';

export default defineMessages({
  it: {
    'pwa.description': 'Dispositivi donati, dall’arrivo alla consegna: scansiona, registra, ricondiziona, consegna.',
  },
  en: {
    'pwa.description': 'Donated devices, from intake to delivery: scan, register, refurbish, deliver.',
  },
});
