import { jsonInputProblem, literalDepth } from '../graphql/json-input';
import { parseValue } from 'graphql';
import { documentNesting, operationInputProblem } from './input-hygiene';

describe('documentNesting', () => {
  it('counts {, [ and ( outside strings, block strings and comments', () => {
    expect(documentNesting('{ a { b(x: [1, {c: 2}]) } }')).toBe(5);
    expect(documentNesting('{ a(s: "{{{{[[[(((") }')).toBe(2);
    expect(documentNesting('{ a(s: "esc \\" {{{{") }')).toBe(2);
    expect(documentNesting('{ a(s: """ {{{{ \\""" {{{{ """) }')).toBe(2);
    expect(documentNesting('# {{{{{{\n{ a }')).toBe(1);
    expect(documentNesting('{ a(s: "") { b { c } } }')).toBe(3);
  });

  it('is linear: 1,000,000 brackets in well under a second, no recursion', () => {
    const started = Date.now();
    expect(documentNesting('{'.repeat(1_000_000))).toBe(1_000_000);
    expect(Date.now() - started).toBeLessThan(1000);
  });
});

describe('jsonInputProblem', () => {
  const deep = (n: number) => {
    let v: unknown = 1;
    for (let i = 0; i < n; i++) v = i % 2 ? [v] : { a: v };
    return v;
  };
  it('measures depth iteratively (objects and arrays)', () => {
    expect(jsonInputProblem(deep(32), { maxDepth: 32 })).toBeUndefined();
    expect(jsonInputProblem(deep(33), { maxDepth: 32 })).toMatch(/deeper than 32/);
    expect(jsonInputProblem(deep(1_000_000), { maxDepth: 32 })).toMatch(/deeper than 32/);
  });
  it('refuses NUL and unpaired surrogates in keys and values, accepts pairs', () => {
    expect(jsonInputProblem({ 'a\u0000': 1 }, { maxDepth: 5 })).toMatch(/NUL/);
    expect(jsonInputProblem(['x', ['y\u0000']], { maxDepth: 5 })).toMatch(/NUL/);
    expect(jsonInputProblem({ '\udc00': 1 }, { maxDepth: 5 })).toMatch(/surrogate/);
    expect(jsonInputProblem({ a: 'x\ud800' }, { maxDepth: 5 })).toMatch(/surrogate/);
    expect(jsonInputProblem({ a: '\ud83d\ude00 Lâm Đồng' }, { maxDepth: 5 })).toBeUndefined();
  });
  it('caps the size in UTF-8 bytes when asked', () => {
    expect(jsonInputProblem({ a: 'đ'.repeat(600) }, { maxDepth: 5, maxBytes: 1024 })).toMatch(/larger than 1 KiB/);
    expect(jsonInputProblem({ a: 'd'.repeat(600) }, { maxDepth: 5, maxBytes: 1024 })).toBeUndefined();
  });
  it('literal depth of GraphQL values', () => {
    expect(literalDepth(parseValue('{a: [1, {b: 2}]}'))).toBe(3);
    expect(literalDepth(parseValue('"x"'))).toBe(0);
  });
  it('operationInputProblem checks text, variables and extensions', () => {
    const limits = { jsonDepth: 4, queryDepth: 2 };
    expect(operationInputProblem('{ a }', { x: 1 }, limits)).toBeUndefined();
    expect(operationInputProblem(`${'{'.repeat(30)}`, undefined, limits)).toMatch(/Document nested deeper than 20/);
    expect(operationInputProblem('{ a(s: "\u0000") }', undefined, limits)).toMatch(/NUL/);
    expect(operationInputProblem('{ a }', deep(5), limits)).toMatch(/deeper than 4/);
    expect(operationInputProblem('{ a }', undefined, limits, deep(5))).toMatch(/deeper than 4/);
  });
});
