import { ALL_MODULES } from '../../modules';
import { ConfigError, loadConfig } from '../config';
import { defineModule } from './module-contract';
import { checkFormerVariables, checkModuleVariables, integerOption, moduleOptionVariable, moduleOptionVariables, resolveModuleOptions } from './module-options';
import { selectModules } from './registry';

describe('module options', () => {
  const hour = integerOption({ description: 'an hour', default: 19, min: 0, max: 23 });
  const m = { name: 'school-board', options: { digestHour: hour } };

  it('names each option MODULE_<NAME>_<OPTION>', () => {
    expect(moduleOptionVariable('education', 'digestHour')).toBe('MODULE_EDUCATION_DIGEST_HOUR');
    expect(moduleOptionVariable('school-board', 'maxRetries2')).toBe('MODULE_SCHOOL_BOARD_MAX_RETRIES2');
    expect(moduleOptionVariables(ALL_MODULES)).toEqual(['MODULE_EDUCATION_DIGEST_HOUR']);
  });

  it('reads typed values, the default when unset or empty', () => {
    expect(resolveModuleOptions(m, {})).toEqual({ digestHour: 19 });
    expect(resolveModuleOptions(m, { MODULE_SCHOOL_BOARD_DIGEST_HOUR: '' })).toEqual({ digestHour: 19 });
    expect(resolveModuleOptions(m, { MODULE_SCHOOL_BOARD_DIGEST_HOUR: '0' })).toEqual({ digestHour: 0 });
    expect(resolveModuleOptions(m, { MODULE_SCHOOL_BOARD_DIGEST_HOUR: ' 23 ' })).toEqual({ digestHour: 23 });
  });

  it('refuses a bad value with a configuration error naming the variable', () => {
    for (const bad of ['24', '-1', '7.5', '7pm', '1e1']) {
      expect(() => resolveModuleOptions(m, { MODULE_SCHOOL_BOARD_DIGEST_HOUR: bad })).toThrow(ConfigError);
      expect(() => resolveModuleOptions(m, { MODULE_SCHOOL_BOARD_DIGEST_HOUR: bad })).toThrow(`MODULE_SCHOOL_BOARD_DIGEST_HOUR must be an integer from 0 to 23, got "${bad}"`);
    }
  });

  it('refuses a MODULE_ variable that is no module’s option (a typo), and leaves MODULES alone', () => {
    expect(() => checkModuleVariables([m], { MODULE_SCHOOL_BOARD_DIGEST_HOURS: '18' })).toThrow(
      'MODULE_SCHOOL_BOARD_DIGEST_HOURS: no module has such an option (known: MODULE_SCHOOL_BOARD_DIGEST_HOUR)',
    );
    expect(() => checkModuleVariables([m], { MODULES: 'land', MODULE_SCHOOL_BOARD_DIGEST_HOUR: '18' })).not.toThrow();
  });

  it('refuses a former variable still set, naming the one to set instead (a renamed variable must not fall back silently)', () => {
    const renamed = { name: 'school-board', options: { digestHour: integerOption({ description: 'an hour', default: 19, min: 0, max: 23, formerVariable: 'SCHOOL_DIGEST_HOUR' }) } };
    expect(() => checkFormerVariables([renamed], { SCHOOL_DIGEST_HOUR: '7' })).toThrow(new ConfigError('SCHOOL_DIGEST_HOUR is no longer read: set MODULE_SCHOOL_BOARD_DIGEST_HOUR instead (and remove SCHOOL_DIGEST_HOUR)'));
    expect(() => checkFormerVariables([renamed], { SCHOOL_DIGEST_HOUR: '' })).not.toThrow();
    expect(() => checkFormerVariables([renamed, m], { MODULE_SCHOOL_BOARD_DIGEST_HOUR: '7' })).not.toThrow();
    expect(() => checkFormerVariables(ALL_MODULES, { EDUCATION_DIGEST_HOUR: '18' })).toThrow('EDUCATION_DIGEST_HOUR is no longer read: set MODULE_EDUCATION_DIGEST_HOUR');
  });

  it('hands each selected module its options from the configuration, and checks them at start', () => {
    const config = loadConfig({ MODULES: 'education,land', MODULE_EDUCATION_DIGEST_HOUR: '18', MODULES_EXTRA: 'x' });
    expect(config.moduleOptions).toEqual({ MODULE_EDUCATION_DIGEST_HOUR: '18' });
    const set = selectModules(ALL_MODULES, config.modules, config.moduleOptions);
    expect(set.options.get('education')).toEqual({ digestHour: 18 });
    expect(set.options.get('land')).toEqual({});
    expect(set.jobs.map((j) => j.name)).toEqual(['education.daily-digest']);
    expect(selectModules(ALL_MODULES, ['education']).options.get('education')).toEqual({ digestHour: 19 });
    // An option of a registered module that is not selected is still checked for typos, not for its value.
    expect(() => selectModules(ALL_MODULES, ['land'], { MODULE_EDUCATION_DIGEST_HOUR: '18' })).not.toThrow();
    expect(() => selectModules(ALL_MODULES, ['education'], { MODULE_EDUCATION_DIGEST_HOUR: '25' })).toThrow(/MODULE_EDUCATION_DIGEST_HOUR must be an integer from 0 to 23/);
  });

  it('refuses option keys that cannot name a variable', () => {
    const base = { name: 'x', agencies: [{ code: '000.00.00.X00', name: 'X', shortName: 'X', kind: 'DEPARTMENT' as never, unitCode: '68' }], procedures: [] };
    expect(() => defineModule({ ...base, options: { 'digest-hour': hour } })).toThrow(/camelCase/);
    expect(defineModule({ ...base, options: { digestHour: hour } }).options?.digestHour.default).toBe(19);
  });
});
