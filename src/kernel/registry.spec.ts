import { ALL_MODULES } from '../../modules';
import type { OneDoorModule } from './module-contract';
import { selectModules } from './registry';

/** The registry checks at start what a manifest says; a test that the real modules pass, and what it refuses. */
describe('the module registry: dossier hooks', () => {
  const land = ALL_MODULES.find((m) => m.name === 'land')!;
  const tax = ALL_MODULES.find((m) => m.name === 'tax')!;
  const withHook = (m: OneDoorModule, hook: NonNullable<OneDoorModule['dossierHooks']>[number]): OneDoorModule => ({ ...m, dossierHooks: [...(m.dossierHooks ?? []), hook] });
  const run = async () => undefined;

  it('accepts the modules as they are', () => {
    expect(() => selectModules(ALL_MODULES)).not.toThrow();
  });

  it('refuses a hook naming an action its procedures’ workflows do not have (it would never run)', () => {
    const code = land.procedures[0].code;
    expect(() => selectModules([withHook(land, { name: 'land.typo', actions: ['aprove'], procedureCodes: [code], run })])).toThrow(`hook land.typo names action aprove, which the workflow`);
    expect(() => selectModules([withHook(land, { name: 'land.typo', actions: ['aprove'], run })])).toThrow("hook land.typo names action aprove, which no workflow of the module's procedures has");
  });

  it('refuses a hook naming the actions of another module’s procedure: that step is reached by its effect', () => {
    const landCode = land.procedures[0].code;
    expect(() => selectModules([land, withHook(tax, { name: 'tax.peek', actions: ['approve'], procedureCodes: [landCode], run })])).toThrow(
      `hook tax.peek names actions of procedure ${landCode}, which is not the module's own (name an effect instead)`,
    );
  });
});
