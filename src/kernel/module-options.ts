import { ConfigError } from '../config';

/**
 * One setting of a module, read at start from the variable `MODULE_<NAME>_<OPTION>` (see
 * {@link moduleOptionVariable}); unset or empty means `default`.
 */
export interface ModuleOption<T> {
  /** What it sets, in a sentence (the README's variables table says the same). */
  description: string;
  default: T;
  /** The value of a non-empty variable; throws an Error saying what is expected (the kernel adds the variable's name). */
  parse(raw: string): T;
  /**
   * The variable an earlier version read for this setting. When it is still set the server
   * refuses to start, naming the new one: a renamed variable must not silently fall back to the default.
   */
  formerVariable?: string;
}

/** A module's options, one {@link ModuleOption} per key of its typed options `O`. */
export type ModuleOptions<O> = { [K in keyof O]: ModuleOption<O[K]> };

/** An integer option from `min` to `max`. */
export function integerOption(o: { description: string; default: number; min: number; max: number; formerVariable?: string }): ModuleOption<number> {
  return {
    description: o.description,
    default: o.default,
    formerVariable: o.formerVariable,
    parse: (raw) => {
      const n = Number(raw.trim());
      if (!/^-?\d+$/.test(raw.trim()) || n < o.min || n > o.max) throw new Error(`must be an integer from ${o.min} to ${o.max}`);
      return n;
    },
  };
}

/** `education` + `digestHour` → `MODULE_EDUCATION_DIGEST_HOUR`. */
export function moduleOptionVariable(moduleName: string, key: string): string {
  return `MODULE_${moduleName.replace(/-/g, '_')}_${key.replace(/([a-z0-9])([A-Z])/g, '$1_$2')}`.toUpperCase();
}

/** The option variables of every registered module. */
export function moduleOptionVariables(modules: readonly { name: string; options?: Record<string, unknown> }[]): string[] {
  return modules.flatMap((m) => Object.keys(m.options ?? {}).map((k) => moduleOptionVariable(m.name, k)));
}

/**
 * A module's typed options from the `MODULE_*` variables; a value its option refuses is a
 * {@link ConfigError} naming the variable, so the server does not start.
 */
export function resolveModuleOptions(m: { name: string; options?: ModuleOptions<Record<string, unknown>> }, env: Readonly<Record<string, string | undefined>>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [key, option] of Object.entries(m.options ?? {})) {
    const variable = moduleOptionVariable(m.name, key);
    const raw = env[variable];
    if (raw === undefined || raw === '') {
      out[key] = option.default;
      continue;
    }
    try {
      out[key] = option.parse(raw);
    } catch (e) {
      throw new ConfigError(`${variable} ${(e as Error).message}, got "${raw}"`);
    }
  }
  return out;
}

/**
 * An option's former variable still set in the environment would be ignored and the option fall
 * back to its default: refused, naming the variable to set instead. Called by the composition
 * root with the process environment (the configuration keeps only `MODULE_*` variables).
 */
export function checkFormerVariables(all: readonly { name: string; options?: ModuleOptions<Record<string, unknown>> }[], env: Readonly<Record<string, string | undefined>>): void {
  for (const m of all) {
    for (const [key, option] of Object.entries(m.options ?? {})) {
      const former = option.formerVariable;
      if (former && env[former] !== undefined && env[former] !== '') {
        throw new ConfigError(`${former} is no longer read: set ${moduleOptionVariable(m.name, key)} instead (and remove ${former})`);
      }
    }
  }
}

/** A `MODULE_*` variable that is no registered module's option is a typo: refused, with the known ones. */
export function checkModuleVariables(all: readonly { name: string; options?: Record<string, unknown> }[], env: Readonly<Record<string, string | undefined>>): void {
  const known = new Set(moduleOptionVariables(all));
  const unknown = Object.keys(env).filter((v) => v.startsWith('MODULE_') && !known.has(v));
  if (unknown.length) throw new ConfigError(`${unknown.join(', ')}: no module has such an option (known: ${[...known].join(', ') || 'none'})`);
}
