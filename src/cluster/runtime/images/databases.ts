/** Databases: they log what the real images log, listen on their port, and refuse to start unconfigured. */
import { entrypointTime, isoTime, redisTime } from './format';
import type { ImageDefinition, LogLine, ProgramContext } from './program';

const MiB = 1024 * 1024;
const out = (text: string, afterMs?: number): LogLine => ({ stream: 'stdout', text, afterMs });
const err = (text: string, afterMs?: number): LogLine => ({ stream: 'stderr', text, afterMs });

const notHttp = () => ({ status: 400, body: '' });

function tagOf(ctx: ProgramContext): string {
  return /:([\w][\w.-]*)$/.exec(ctx.spec.image.split('@')[0])?.[1] ?? 'latest';
}

function redisStartup(ctx: ProgramContext): LogLine[] {
  const t = redisTime(ctx.now);
  const version = tagOf(ctx).startsWith('6') ? '6.2.16' : '7.4.1';
  return [
    out(`1:C ${t} * oO0OoO0OoO0Oo Redis is starting oO0OoO0OoO0Oo`),
    out(
      `1:C ${t} * Redis version=${version}, bits=64, commit=00000000, modified=0, pid=1, just started`,
    ),
    out(
      `1:C ${t} # Warning: no config file specified, using the default config. In order to specify a config file use redis-server /path/to/redis.conf`,
    ),
    out(`1:M ${t} * monotonic clock: POSIX clock_gettime`),
    out(`1:M ${t} * Running mode=standalone, port=6379.`),
    out(`1:M ${t} * Server initialized`),
    out(`1:M ${t} * Ready to accept connections tcp`),
  ];
}

const MYSQL_VERSIONS: Record<string, string> = {
  latest: '9.1.0-1.el9',
  '9': '9.1.0-1.el9',
  '9.1': '9.1.0-1.el9',
  lts: '8.4.3-1.el9',
  '8.4': '8.4.3-1.el9',
  '8': '8.4.3-1.el9',
  '8.0': '8.0.40-1.el9',
  '5.7': '5.7.44-1.el7',
};

function mysqlStart(ctx: ProgramContext) {
  const t = entrypointTime(ctx.now);
  const v = MYSQL_VERSIONS[tagOf(ctx)] ?? MYSQL_VERSIONS.latest;
  const env = ctx.spec.env;
  const lines = [
    out(`${t} [Note] [Entrypoint]: Entrypoint script for MySQL Server ${v} started.`),
    out(`${t} [Note] [Entrypoint]: Switching to dedicated user 'mysql'`),
    out(`${t} [Note] [Entrypoint]: Entrypoint script for MySQL Server ${v} started.`),
  ];
  return {
    v,
    lines,
    configured: !!(
      env.MYSQL_ROOT_PASSWORD ||
      env.MYSQL_ALLOW_EMPTY_PASSWORD ||
      env.MYSQL_RANDOM_ROOT_PASSWORD
    ),
  };
}

function postgresVersion(ctx: ProgramContext): string {
  const tag = tagOf(ctx);
  const major = /^(\d+)/.exec(tag)?.[1] ?? '17';
  return (
    { '17': '17.2', '16': '16.6', '15': '15.10', '14': '14.15', '13': '13.18' }[major] ?? '17.2'
  );
}

export const databaseImages: ImageDefinition[] = [
  {
    repository: 'docker.io/library/redis',
    tags: ['latest', '7', '7.4', '7.4.1', '7.2', '6', '6.2', 'alpine', '7-alpine'],
    sizeBytes: 45_014_290,
    tagSizes: { alpine: 17_300_000, '7-alpine': 17_300_000 },
    shell: true,
    binary: 'redis-server',
    program: {
      startup: redisStartup,
      ports: [6379],
      listenAfterMs: 10,
      handle: notHttp,
      idle: { cpuMillis: 2, memoryBytes: 3 * MiB },
      onTerm: (ctx) => {
        const t = redisTime(ctx.now);
        return {
          afterMs: 100,
          code: 0,
          lines: [
            out(
              `1:signal-handler (${Math.floor(ctx.now / 1000)}) Received SIGTERM scheduling shutdown...`,
            ),
            out(`1:M ${t} * User requested shutdown...`),
            out(`1:M ${t} * Saving the final RDB snapshot before exiting.`),
            out(`1:M ${t} * DB saved on disk`),
            out(`1:M ${t} # Redis is now ready to exit, bye bye...`),
          ],
        };
      },
    },
  },
  {
    repository: 'docker.io/library/mongo',
    tags: ['latest', '8', '8.0', '7', '7.0', '6', '6.0', '5.0', '4.4'],
    sizeBytes: 294_630_000,
    shell: true,
    binary: 'mongod',
    program: {
      startup: (ctx) => {
        const t = isoTime(ctx.now).replace('Z', '+00:00');
        return [
          out(
            `{"t":{"$date":"${t}"},"s":"I",  "c":"CONTROL",  "id":23285,   "ctx":"main","msg":"Automatically disabling TLS 1.0, to force-enable TLS 1.0 specify --sslDisabledProtocols 'none'"}`,
          ),
          out(
            `{"t":{"$date":"${t}"},"s":"I",  "c":"CONTROL",  "id":4615611, "ctx":"initandlisten","msg":"MongoDB starting","attr":{"pid":1,"port":27017,"dbPath":"/data/db","architecture":"64-bit","host":"${ctx.spec.hostname}"}}`,
          ),
          out(
            `{"t":{"$date":"${t}"},"s":"I",  "c":"NETWORK",  "id":23015,   "ctx":"listener","msg":"Listening on","attr":{"address":"0.0.0.0"}}`,
            900,
          ),
          out(
            `{"t":{"$date":"${t}"},"s":"I",  "c":"NETWORK",  "id":23016,   "ctx":"listener","msg":"Waiting for connections","attr":{"port":27017,"ssl":"off"}}`,
            900,
          ),
        ];
      },
      ports: [27017],
      listenAfterMs: 1000,
      handle: () => ({
        status: 200,
        body: 'It looks like you are trying to access MongoDB over HTTP on the native driver port.\n',
      }),
      idle: { cpuMillis: 5, memoryBytes: 80 * MiB },
      onTerm: () => ({ afterMs: 500, code: 0 }),
    },
  },
  {
    repository: 'docker.io/library/mysql',
    tags: Object.keys(MYSQL_VERSIONS),
    sizeBytes: 172_000_000,
    shell: true,
    binary: 'mysqld',
    program: {
      startup: (ctx) => mysqlStart(ctx).lines,
      exitOnStart: (ctx) => {
        const s = mysqlStart(ctx);
        if (s.configured) return undefined;
        return {
          afterMs: 50,
          code: 1,
          lines: [
            err(
              `${entrypointTime(ctx.now + 50)} [ERROR] [Entrypoint]: Database is uninitialized and password option is not specified`,
            ),
            err('    You need to specify one of the following as an environment variable:'),
            err('    - MYSQL_ROOT_PASSWORD'),
            err('    - MYSQL_ALLOW_EMPTY_PASSWORD'),
            err('    - MYSQL_RANDOM_ROOT_PASSWORD'),
          ],
        };
      },
      ports: [3306, 33060],
      listenAfterMs: 8000,
      handle: notHttp,
      idle: { cpuMillis: 8, memoryBytes: 380 * MiB },
      onTerm: () => ({ afterMs: 1500, code: 0 }),
    },
  },
  {
    repository: 'docker.io/library/postgres',
    tags: [
      'latest',
      '17',
      '17.2',
      '16',
      '16.6',
      '15',
      '14',
      '13',
      'alpine',
      '17-alpine',
      '16-alpine',
    ],
    sizeBytes: 158_000_000,
    tagSizes: { alpine: 105_000_000, '17-alpine': 105_000_000, '16-alpine': 103_000_000 },
    shell: true,
    binary: 'postgres',
    program: {
      exitOnStart: (ctx) => {
        if (ctx.spec.env.POSTGRES_PASSWORD || ctx.spec.env.POSTGRES_HOST_AUTH_METHOD === 'trust')
          return undefined;
        return {
          afterMs: 20,
          code: 1,
          lines: [
            'Error: Database is uninitialized and superuser password is not specified.',
            '       You must specify POSTGRES_PASSWORD to a non-empty value for the',
            '       superuser. For example, "-e POSTGRES_PASSWORD=password" on "docker run".',
            '',
            '       You may also use "POSTGRES_HOST_AUTH_METHOD=trust" to allow all',
            '       connections without a password. This is *not* recommended.',
            '',
            '       See PostgreSQL documentation about "trust":',
            '       https://www.postgresql.org/docs/current/auth-trust.html',
          ].map((l) => err(l)),
        };
      },
      startup: (ctx) => {
        if (!(ctx.spec.env.POSTGRES_PASSWORD || ctx.spec.env.POSTGRES_HOST_AUTH_METHOD === 'trust'))
          return [];
        const v = postgresVersion(ctx);
        const t = entrypointTime(ctx.now).replace('+00:00', '.000 UTC');
        return [
          out('The files belonging to this database system will be owned by user "postgres".'),
          out('This user must also own the server process.'),
          out(''),
          out('Success. You can now start the database server using:', 1500),
          err(
            `${t} [1] LOG:  starting PostgreSQL ${v} (Debian ${v}-1.pgdg120+1) on x86_64-pc-linux-gnu, compiled by gcc (Debian 12.2.0-14) 12.2.0, 64-bit`,
            2500,
          ),
          err(`${t} [1] LOG:  listening on IPv4 address "0.0.0.0", port 5432`, 2500),
          err(`${t} [1] LOG:  database system is ready to accept connections`, 2500),
        ];
      },
      ports: [5432],
      listenAfterMs: 2500,
      handle: notHttp,
      idle: { cpuMillis: 3, memoryBytes: 40 * MiB },
      onTerm: () => ({ afterMs: 300, code: 0 }),
    },
  },
];
