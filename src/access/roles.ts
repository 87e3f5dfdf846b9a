export const ROLES = ['admin', 'region', 'coordinator', 'volunteer', 'partner'] as const;
export type Role = (typeof ROLES)[number];

/** Roles whose accounts and tokens belong to one hub. */
export const HUB_ROLES: readonly Role[] = ['coordinator', 'volunteer'];
