import { describe, expect, it } from 'vitest';
import { alreadyExistsError, invalidError } from '../../api/status.ts';
import { plainErr, renderErrors, statusErr } from './errors.ts';

describe('kubectl error rendering', () => {
  const portZero = invalidError('Service', 'web', [
    { type: 'Invalid value', field: 'spec.ports[0].port', value: '0', detail: 'must be between 1 and 65535, inclusive' },
  ]);

  it('prints one Invalid error from its causes, without the file', () => {
    expect(renderErrors([statusErr(portZero, 'creating', 'svc.yaml')])).toBe(
      'The Service "web" is invalid: spec.ports[0].port: Invalid value: 0: must be between 1 and 65535, inclusive\n',
    );
  });

  it('lists several causes one per line after a trailing space', () => {
    const e = invalidError('Service', 'web', [
      { type: 'Required value', field: 'spec.ports[0].name' },
      { type: 'Required value', field: 'spec.ports[1].name' },
    ]);
    expect(renderErrors([statusErr(e)])).toBe(
      'The Service "web" is invalid: \n* spec.ports[0].name: Required value\n* spec.ports[1].name: Required value\n',
    );
  });

  it('names the file for other statuses (seed 002)', () => {
    expect(renderErrors([statusErr(alreadyExistsError('services', 'webapp'), 'creating', 'webapp-service.yaml')])).toBe(
      'Error from server (AlreadyExists): error when creating "webapp-service.yaml": services "webapp" already exists\n',
    );
  });

  it('prints an aggregate through the generic path', () => {
    expect(renderErrors([statusErr(portZero, 'creating', 'a.yaml'), plainErr('error: something else')])).toBe(
      'Error from server (Invalid): error when creating "a.yaml": Service "web" is invalid: spec.ports[0].port: Invalid value: 0: must be between 1 and 65535, inclusive\nsomething else\n',
    );
  });
});
