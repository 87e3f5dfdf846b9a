import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { z } from 'zod';
import { ROLES } from './access/roles';
import { belongsToHub } from './access/scopes';
import { PASSWORD_MIN_LENGTH, hashPassword, passwordWeakness } from './auth/passwords';
import { createApiToken } from './auth/service';
import { boot } from './boot';
import { loadConfig } from './config';
import { seedDemo } from './demo/seed-demo';
import { findHubByCode } from './hubs/repository';
import { findUserByEmail, insertUser } from './users/repository';
import { recordAudit } from './audit/repository';
import { isDeadlock } from './db/adapter';
import { backupDatabase, restoreDatabase } from './db/backup';
import { checkIntegrity } from './integrity/check';
import { hubIdentitySchema, programmeSchema } from './programme/schema';
import { editableHub, programmeIdentity, updateHubIdentity, updateProgramme } from './programme/service';
import { AppError, ValidationError } from './shared/errors';
import { translate } from './i18n/catalogue';
import { parseInput } from './shared/validate';

const USAGE = `Usage: npm run cli -- <command> [options]

  migrate                                   bring the database to the latest schema (and seed the hubs)
  user:create --email E --password P --role R [--hub CODE] [--name N]
                                            roles: ${ROLES.join(', ')}; coordinator and volunteer need --hub
  token:create --role R [--hub CODE] --label TEXT
                                            prints the API token alone on its last line
  seed:demo [--hub FOL] [--devices 60]      fill a hub with demo devices in every state (and demo identity where none is set)
  programme:show                            print the programme's legal details, and what documents still miss
  programme:set [--name N] [--body B] [--tax-code CF] [--address A] [--pec P] [--legal-rep R]
                [--privacy-controller C] [--privacy-contact C] [--court C]
                                            change the programme's legal details (only the options given; "" clears)
  hub:set CODE [--address A] [--email E] [--phone P] [--hours H] [--responsible R]
                                            change a hub's details (only the options given; "" clears)
  backup <file>                             an online backup while the app serves (SQLite: backup API; PostgreSQL: pg_dump)
  restore <file>                            put a backup back (stop the app first); SQLite keeps the replaced file aside
  check [--figures]                         check every device against its events, donations, stock counts
                                            (--figures: also recount the running totals and compare)

The database is DATABASE_URL (default data/rigenera.sqlite).`;

const commands: Record<string, (args: string[]) => Promise<void>> = {
  async migrate() {
    const { close, migrated, hubsAdded } = await boot(loadConfig());
    console.log(migrated.length ? `Applied: ${migrated.join(', ')}` : 'Already up to date.');
    if (hubsAdded) console.log(`Hubs added: ${hubsAdded}`);
    await close();
  },

  async 'user:create'(args) {
    const { values } = parseArgs({
      args,
      options: { email: { type: 'string' }, password: { type: 'string' }, role: { type: 'string' }, hub: { type: 'string' }, name: { type: 'string' } },
    });
    const input = z
      .object({
        email: z.email(),
        password: z.string().min(PASSWORD_MIN_LENGTH, `password: at least ${PASSWORD_MIN_LENGTH} characters`),
        role: z.enum(ROLES),
        hub: z.string().optional(),
        name: z.string().min(1).max(120).optional(),
      })
      .refine((v) => !passwordWeakness(v.password, v.email), { message: 'password: one of the most common passwords, or it contains the e-mail: choose another' })
      .parse(values);
    const { ctx, close } = await boot(loadConfig());
    try {
      const hubId = await hubIdFor(ctx, input.role, input.hub);
      if (await findUserByEmail(ctx.db, input.email)) throw new Error(`A user with e-mail ${input.email} already exists.`);
      const at = new Date().toISOString();
      const id = await insertUser(ctx.db, {
        email: input.email,
        name: input.name ?? input.email.split('@')[0]!,
        passwordHash: await hashPassword(input.password),
        role: input.role,
        hubId,
        createdBy: null,
        at,
      });
      await recordAudit(ctx.db, { actorUserId: null, action: 'user.create.cli', target: `user:${id}`, data: { role: input.role, hubId }, at });
      console.log(`Created ${input.role} ${input.email} (id ${id}).`);
    } finally {
      await close();
    }
  },

  async 'token:create'(args) {
    const { values } = parseArgs({ args, options: { role: { type: 'string' }, hub: { type: 'string' }, label: { type: 'string' } } });
    const input = z.object({ role: z.enum(ROLES), hub: z.string().optional(), label: z.string().min(1).max(120) }).parse(values);
    const { ctx, close } = await boot(loadConfig());
    try {
      const hubId = await hubIdFor(ctx, input.role, input.hub);
      const { token } = await createApiToken(ctx, { role: input.role, hubId, label: input.label, createdBy: null });
      console.log(`Token "${input.label}" (${input.role}${input.hub ? `, ${input.hub.toUpperCase()}` : ''}); it is shown only once:`);
      console.log(token);
    } finally {
      await close();
    }
  },

  async 'seed:demo'(args) {
    const { values } = parseArgs({ args, options: { hub: { type: 'string', default: 'FOL' }, devices: { type: 'string', default: '60' } } });
    const { ctx, close } = await boot(loadConfig());
    try {
      const result = await seedDemo(ctx, { hub: values.hub!.toUpperCase(), devices: Number(values.devices) });
      console.log(`Demo: ${result.devices} devices in hub ${result.hub}, in every state.`);
    } finally {
      await close();
    }
  },

  async 'programme:show'() {
    const { ctx, close } = await boot(loadConfig());
    try {
      const p = await programmeIdentity(ctx.db);
      for (const [k, v] of Object.entries(p)) console.log(`${k.padEnd(20)} ${v ?? '(missing)'}`);
    } finally {
      await close();
    }
  },

  async 'programme:set'(args) {
    const { values } = parseArgs({ args, options: Object.fromEntries(Object.keys(PROGRAMME_OPTIONS).map((k) => [k, { type: 'string' as const }])) });
    const { ctx, close } = await boot(loadConfig());
    try {
      const current = await programmeIdentity(ctx.db);
      const next: Record<string, unknown> = { ...current };
      for (const [option, field] of Object.entries(PROGRAMME_OPTIONS)) if (values[option] !== undefined) next[field] = values[option];
      const input = parseInput(programmeSchema, withoutNulls(next), 'en');
      const p = await updateProgramme(ctx, null, input);
      console.log(`Programme details saved: ${p.name}${p.bodyName ? `, ${p.bodyName}` : ''}.`);
    } finally {
      await close();
    }
  },

  async 'hub:set'(args) {
    const { values, positionals } = parseArgs({
      args,
      allowPositionals: true,
      options: { address: { type: 'string' }, email: { type: 'string' }, phone: { type: 'string' }, hours: { type: 'string' }, responsible: { type: 'string' } },
    });
    const code = positionals[0];
    if (!code) throw new Error('Usage: npm run cli -- hub:set CODE [--address A] [--email E] [--phone P] [--hours H] [--responsible R]');
    const { ctx, close } = await boot(loadConfig());
    try {
      const hub = await editableHub(ctx, null, code.toUpperCase());
      const next = withoutNulls({
        address: values.address ?? hub.address,
        email: values.email ?? hub.contact_email,
        phone: values.phone ?? hub.contact_phone,
        openingHours: values.hours ?? hub.opening_hours,
        responsible: values.responsible ?? hub.responsible,
      });
      const saved = await updateHubIdentity(ctx, null, hub.code, parseInput(hubIdentitySchema, next, 'en'));
      console.log(`Hub ${saved.code} details saved.`);
    } finally {
      await close();
    }
  },

  async backup(args) {
    const file = fileArgument(args, 'backup');
    const r = await backupDatabase(loadConfig().databaseUrl, file);
    console.log(`Backup of the ${r.kind === 'sqlite' ? 'SQLite' : 'PostgreSQL'} database written to ${r.file} (${(r.bytes / 2 ** 20).toFixed(1)} MB in ${r.seconds} s).`);
  },

  async restore(args) {
    const file = fileArgument(args, 'restore');
    const r = await restoreDatabase(loadConfig().databaseUrl, file);
    console.log(`Restored from ${r.file} in ${r.seconds} s.${r.previous ? ` The database it replaced is kept at ${r.previous}.` : ''}`);
    // The restored database may come from an older version: bring it up to date now rather than at the next start.
    const { migrated, close } = await boot(loadConfig());
    if (migrated.length) console.log(`Applied: ${migrated.join(', ')}`);
    await close();
  },

  async check(args) {
    const { values } = parseArgs({ args, options: { figures: { type: 'boolean' } } });
    const { ctx, close } = await boot(loadConfig());
    try {
      const r = await checkIntegrity(ctx.db, { recountFigures: values.figures }).catch((e: unknown) => {
        // PostgreSQL: a hub's write changed the totals while they were compared, three times (nothing was changed).
        if (isDeadlock(e)) throw new Error('The running totals changed while they were being checked; nothing was changed. Run the check again.');
        throw e;
      });
      console.log(
        `${r.devices} devices, ${r.events} events, ${r.donations} donations checked.${r.figuresMatch === undefined ? '' : r.figuresMatch ? ' Running totals equal a full recount.' : ' Running totals differed from a full recount (now replaced by it).'}`,
      );
      if (r.problems.length) {
        console.log(r.problems.join('\n'));
        process.exitCode = 1;
      } else console.log('No problems found.');
    } finally {
      await close();
    }
  },
};

/** Command-line options of programme:set and the fields they change. */
const PROGRAMME_OPTIONS = {
  name: 'name',
  body: 'bodyName',
  'tax-code': 'taxCode',
  address: 'address',
  pec: 'pec',
  'legal-rep': 'legalRepresentative',
  'privacy-controller': 'privacyController',
  'privacy-contact': 'privacyContact',
  court: 'court',
} as const;

const withoutNulls = (o: Record<string, unknown>) => Object.fromEntries(Object.entries(o).filter(([, v]) => v !== null && v !== undefined));

function fileArgument(args: string[], command: string): string {
  const file = args.find((a) => !a.startsWith('-'));
  if (!file) throw new Error(`Usage: npm run cli -- ${command} <file>`);
  return resolve(file);
}

async function hubIdFor(ctx: Awaited<ReturnType<typeof boot>>['ctx'], role: string, code: string | undefined): Promise<number | null> {
  if (!code) {
    if (belongsToHub(role)) throw new Error(`--hub is required for the ${role} role.`);
    return null;
  }
  const hub = await findHubByCode(ctx.db, code);
  if (!hub) throw new Error(`Unknown hub ${code}.`);
  return hub.id;
}

const [name, ...rest] = process.argv.slice(2);
const command = name ? commands[name] : undefined;
if (!command) {
  console.error(USAGE);
  process.exit(name ? 2 : 0);
}
try {
  await command(rest);
} catch (e) {
  if (e instanceof z.ZodError) console.error(e.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('\n'));
  else if (e instanceof AppError) console.error(translate('en', e.key, e.params));
  else if (e instanceof ValidationError) console.error(e.issues.map((i) => `${i.path}: ${i.message}`).join('\n'));
  else console.error(e instanceof Error ? e.message : e);
  process.exit(1);
}
