/** What pages show of a hub. The repository's `Hub` rows carry these fields (and more). */

/** A hub offered in a choice or a link: its code, its name and its municipality. */
export type HubOption = { id: number; code: string; name: string; comune: string };

/** A hub's legal identity as its page shows and edits it. */
export type HubIdentityView = HubOption & {
  address: string | null;
  contact_email: string | null;
  contact_phone: string | null;
  opening_hours: string | null;
  responsible: string | null;
};
