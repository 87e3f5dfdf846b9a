import { defineMessages } from '../define';

/** When the storage underneath fails: a full disk, a database that cannot be written or reached. */
export default defineMessages({
  it: {
    'http.storageFull': 'Lo spazio per i dati è esaurito: non è stato salvato nulla di questa operazione. Avvisa chi amministra Rigenera, che deve liberare spazio sul disco; poi riprova.',
    'http.databaseUnavailable':
      'Il database non può essere scritto in questo momento: non è stato salvato nulla di questa operazione. Riprova tra poco; se succede ancora, avvisa chi amministra Rigenera.',
  },
  en: {
    'http.storageFull': 'The storage for the data is full: nothing of this operation was saved. Tell whoever runs Rigenera, who must free disk space; then try again.',
    'http.databaseUnavailable': 'The database cannot be written just now: nothing of this operation was saved. Try again in a moment; if it happens again, tell whoever runs Rigenera.',
  },
});
