/**
 * Typed builder for GraphQL types generated at start-up (connections, filters, stats). A type is
 * a name, a description and its fields as data; the class it returns is typed by those fields,
 * so callers never decorate anonymous classes by hand. type-graphql's decorators are applied
 * here, once, because buildSchema reads their metadata.
 */
import { Arg, ArgsType, Field, InputType, ObjectType } from 'type-graphql';
import type { GraphQLScalarType } from 'graphql';

/** A class with a no-argument constructor, as type-graphql instantiates them. */
export type Ctor<T = object> = new () => T;

/** A class however it is typed: constructible, or only known by its prototype (MikroORM's EntityClass). */
export type ClassRef<T = object> = Ctor<T> | (Function & { prototype: T });

/** What type-graphql accepts as a field's type: a scalar, an object or input class, an enum object. */
export type TypeRef = object;

export interface ArgSpec {
  type: () => TypeRef;
  description?: string;
}

export interface FieldSpec {
  /** The field's type; for a list, the type of its items. */
  type: () => TypeRef;
  list?: boolean;
  nullable?: boolean;
  description?: string;
  defaultValue?: unknown;
  /** A field with arguments is a method on the object: its implementation and its arguments, in order. */
  resolve?: (...args: never[]) => unknown;
  args?: Record<string, ArgSpec>;
}

/**
 * Fields in schema order. Object keys keep insertion order for names that are not integers, and
 * GraphQL names never are.
 */
export type FieldSpecs = Record<string, FieldSpec>;

/**
 * The TypeScript value of a GraphQL type reference; unknown for a type only known at run time
 * (typed `object`, e.g. the filter of a declaration's entity).
 */
export type ValueOf<R> = object extends R ? unknown
  : R extends StringConstructor ? string
  : R extends BooleanConstructor ? boolean
  : R extends NumberConstructor ? number
  : R extends DateConstructor ? Date
  : R extends GraphQLScalarType<infer I, infer _E> ? I
  : R extends Ctor<infer T> ? T
  : R extends Function & { prototype: infer T } ? T
  : R extends Record<string, infer V> ? V // an enum object
  : unknown;

type FieldValue<S extends FieldSpec> = S extends { resolve: infer M }
  ? M
  : S extends { list: true }
    ? ValueOf<ReturnType<S['type']>>[]
    : ValueOf<ReturnType<S['type']>>;

type OptionalKeys<F extends FieldSpecs> = { [K in keyof F]: F[K] extends { nullable: true; resolve?: undefined } ? K : never }[keyof F];

/** The instance type of a generated class: nullable fields are optional and may be null. */
export type Fields<F extends FieldSpecs> = { -readonly [K in Exclude<keyof F, OptionalKeys<F>>]: FieldValue<F[K]> } & {
  -readonly [K in OptionalKeys<F>]?: FieldValue<F[K]> | null;
};

/** Fields as data, or a function of the class being defined (for types that refer to themselves). */
type FieldsOf<F extends FieldSpecs> = F | ((self: Ctor) => F);

/** A field whose type is already defined, so needs no thunk: `field(Int, { nullable: true, description })`. */
export function field<T extends TypeRef>(type: T): { type: () => T };
export function field<T extends TypeRef, const O extends Omit<FieldSpec, 'type'>>(type: T, options: O): { type: () => T } & O;
export function field(type: TypeRef, options?: Omit<FieldSpec, 'type'>): FieldSpec {
  return { type: () => type, ...options };
}

function defined<T extends object>(o: T): Partial<T> {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as Partial<T>;
}

function addField(cls: Ctor, name: string, spec: FieldSpec): void {
  const type = spec.list ? () => [spec.type()] : spec.type;
  const options = defined({ nullable: spec.nullable, description: spec.description, defaultValue: spec.defaultValue });
  if (!spec.resolve) {
    Field(type, options)(cls.prototype, name);
    return;
  }
  const descriptor = { value: spec.resolve, writable: true, configurable: true };
  Object.defineProperty(cls.prototype, name, descriptor);
  Field(type, options)(cls.prototype, name, descriptor);
  Object.entries(spec.args ?? {}).forEach(([arg, a], i) => Arg(arg, a.type, defined({ description: a.description }))(cls.prototype, name, i));
}

function build(name: string, fields: FieldsOf<FieldSpecs>, base: Ctor | undefined, decorate: ClassDecorator): Ctor {
  // The computed key names the class, which type-graphql reports in its errors.
  const cls = { [name]: base ? class extends base {} : class {} }[name];
  const specs = typeof fields === 'function' ? fields(cls) : fields;
  for (const [field, spec] of Object.entries(specs)) addField(cls, field, spec);
  decorate(cls);
  return cls;
}

/** An output type. With `base`, the class extends it and the type inherits its fields. */
export function objectType<const F extends FieldSpecs, B extends object = object>(
  name: string,
  description: string,
  fields: FieldsOf<F>,
  base?: Ctor<B>,
): Ctor<B & Fields<F>> {
  return build(name, fields, base, ObjectType(name, { description, simpleResolvers: true })) as Ctor<B & Fields<F>>;
}

/** An input type. */
export function inputType<const F extends FieldSpecs>(name: string, description: string, fields: FieldsOf<F>): Ctor<Fields<F>> {
  return build(name, fields, undefined, InputType(name, { description })) as Ctor<Fields<F>>;
}

/** Field arguments (not a named type in the schema; `name` names the class). */
export function argsType<const F extends FieldSpecs>(name: string, fields: FieldsOf<F>): Ctor<Fields<F>> {
  return build(name, fields, undefined, ArgsType()) as Ctor<Fields<F>>;
}
