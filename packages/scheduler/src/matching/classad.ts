// A small ClassAd-like expression language (after HTCondor's matchmaking, X4): requirements and
// ranks over a worker's advertised attributes. No eval: a hand-written recursive-descent parser.
//
//   expr   := or
//   or     := and ('||' and)*
//   and    := not ('&&' not)*
//   not    := '!' not | cmp
//   cmp    := sum (('=='|'!='|'<'|'<='|'>'|'>=') sum)?
//   sum    := prod (('+'|'-') prod)*
//   prod   := unary (('*'|'/') unary)*
//   unary  := '-' unary | atom
//   atom   := number | string | true | false | identifier | '(' expr ')'

export type Ad = Record<string, number | string | boolean>;
export type Value = number | string | boolean;
type Node =
  | { t: 'lit'; v: Value }
  | { t: 'id'; name: string }
  | { t: 'not'; e: Node }
  | { t: 'neg'; e: Node }
  | { t: 'bin'; op: string; l: Node; r: Node };

export class ClassAdError extends Error {
  override name = 'ClassAdError';
}

const TOKEN = /\s*(?:(\d+(?:\.\d+)?)|("(?:[^"\\]|\\.)*"|'(?:[^'\\]|\\.)*')|(&&|\|\||==|!=|<=|>=|[<>!()+\-*/])|([A-Za-z_][A-Za-z0-9_]*))/y;

function tokenize(src: string): string[] {
  const out: string[] = [];
  TOKEN.lastIndex = 0;
  let at = 0;
  while (at < src.length) {
    if (/^\s*$/.test(src.slice(at))) break;
    TOKEN.lastIndex = at;
    const m = TOKEN.exec(src);
    if (!m) throw new ClassAdError(`unexpected character at ${at}: "${src.slice(at, at + 10)}"`);
    out.push((m[1] ?? m[2] ?? m[3] ?? m[4]) as string);
    at = TOKEN.lastIndex;
  }
  return out;
}

/** Parses an expression; throws ClassAdError with the position of the problem. */
export function parse(src: string): Node {
  const tokens = tokenize(src);
  let i = 0;
  const peek = () => tokens[i];
  const take = (t?: string) => {
    const tok = tokens[i];
    if (tok === undefined || (t !== undefined && tok !== t))
      throw new ClassAdError(`expected ${t ?? 'a term'} at token ${i + 1} of "${src}"`);
    i++;
    return tok;
  };
  const binary = (next: () => Node, ops: string[]) => (): Node => {
    let l = next();
    while (ops.includes(peek() as string)) {
      const op = take();
      l = { t: 'bin', op, l, r: next() };
    }
    return l;
  };
  const atom = (): Node => {
    const tok = take();
    if (tok === '(') {
      const e = or();
      take(')');
      return e;
    }
    if (/^\d/.test(tok)) return { t: 'lit', v: Number(tok) };
    if (tok[0] === '"' || tok[0] === "'") return { t: 'lit', v: tok.slice(1, -1).replace(/\\(.)/g, '$1') };
    if (tok === 'true' || tok === 'false') return { t: 'lit', v: tok === 'true' };
    if (/^[A-Za-z_]/.test(tok)) return { t: 'id', name: tok };
    throw new ClassAdError(`unexpected "${tok}" in "${src}"`);
  };
  const unary = (): Node => {
    if (peek() !== '-') return atom();
    take();
    return { t: 'neg', e: unary() };
  };
  const prod = binary(unary, ['*', '/']);
  const sum = binary(prod, ['+', '-']);
  const cmp = (): Node => {
    const l = sum();
    if (['==', '!=', '<', '<=', '>', '>='].includes(peek() as string)) {
      const op = take();
      return { t: 'bin', op, l, r: sum() };
    }
    return l;
  };
  const not = (): Node => {
    if (peek() !== '!') return cmp();
    take();
    return { t: 'not', e: not() };
  };
  const and = binary(not, ['&&']);
  const or = binary(and, ['||']);
  const tree = or();
  if (i !== tokens.length) throw new ClassAdError(`unexpected "${tokens[i]}" after a complete expression in "${src}"`);
  return tree;
}

function evaluate(node: Node, ad: Ad): Value {
  switch (node.t) {
    case 'lit':
      return node.v;
    case 'id': {
      if (!(node.name in ad)) throw new ClassAdError(`unknown attribute "${node.name}" (known: ${Object.keys(ad).join(', ')})`);
      return ad[node.name] as Value;
    }
    case 'not':
      return !truthy(evaluate(node.e, ad));
    case 'neg':
      return -num(evaluate(node.e, ad));
    case 'bin': {
      if (node.op === '&&') return truthy(evaluate(node.l, ad)) && truthy(evaluate(node.r, ad));
      if (node.op === '||') return truthy(evaluate(node.l, ad)) || truthy(evaluate(node.r, ad));
      const l = evaluate(node.l, ad);
      const r = evaluate(node.r, ad);
      switch (node.op) {
        case '==':
          return l === r;
        case '!=':
          return l !== r;
        case '<':
          return num(l) < num(r);
        case '<=':
          return num(l) <= num(r);
        case '>':
          return num(l) > num(r);
        case '>=':
          return num(l) >= num(r);
        case '+':
          return num(l) + num(r);
        case '-':
          return num(l) - num(r);
        case '*':
          return num(l) * num(r);
        case '/':
          return num(r) === 0 ? 0 : num(l) / num(r);
      }
    }
  }
  throw new ClassAdError('unreachable');
}

const truthy = (v: Value) => v === true || (typeof v === 'number' && v !== 0);
const num = (v: Value): number => {
  if (typeof v === 'number') return v;
  if (typeof v === 'boolean') return v ? 1 : 0;
  throw new ClassAdError(`"${v}" is not a number`);
};

/** A compiled requirement: `test(ad)` says whether it holds, `explain(ad)` which clauses fail. */
export type Requirement = { source: string; test(ad: Ad): boolean; explain(ad: Ad): string[] };

/** Compiles a requirement expression (empty = always true). */
export function requirement(source: string | undefined): Requirement {
  const src = (source ?? '').trim();
  if (!src) return { source: 'true', test: () => true, explain: () => [] };
  const tree = parse(src);
  const clauses = splitAnd(tree);
  return {
    source: src,
    test: (ad) => truthy(evaluate(tree, ad)),
    explain: (ad) => clauses.filter((c) => !truthy(evaluate(c.node, ad))).map((c) => c.text),
  };
}

/** Compiles a rank expression (empty = 0): higher is better. */
export function rank(source: string | undefined): (ad: Ad) => number {
  const src = (source ?? '').trim();
  if (!src) return () => 0;
  const tree = parse(src);
  return (ad) => num(evaluate(tree, ad));
}

function splitAnd(node: Node): { node: Node; text: string }[] {
  if (node.t === 'bin' && node.op === '&&') return [...splitAnd(node.l), ...splitAnd(node.r)];
  return [{ node, text: show(node) }];
}

function show(node: Node): string {
  switch (node.t) {
    case 'lit':
      return typeof node.v === 'string' ? JSON.stringify(node.v) : String(node.v);
    case 'id':
      return node.name;
    case 'not':
      return `!${show(node.e)}`;
    case 'neg':
      return `-${show(node.e)}`;
    case 'bin':
      return `${show(node.l)} ${node.op} ${show(node.r)}`;
  }
}

/**
 * Why no ad satisfies a requirement, e.g. `memoryMb >= 4096 fails on 4 of 4 workers`; empty when
 * some ad matches.
 */
export function diagnose(req: Requirement, ads: Ad[]): string {
  if (ads.length === 0) return 'no worker is online';
  if (ads.some((ad) => req.test(ad))) return '';
  const fails = new Map<string, number>();
  for (const ad of ads) for (const c of req.explain(ad)) fails.set(c, (fails.get(c) ?? 0) + 1);
  return [...fails].map(([c, n]) => `${c} fails on ${n} of ${ads.length} workers`).join('; ');
}
