/**
 * A resolver class with one method, made at start-up from a declaration. type-graphql matches
 * a type's field resolvers by method name, so every generated field gets a class of its own.
 */
export function generatedResolver(className: string, method: string, handler: (...args: never[]) => unknown, decorate: (proto: object, method: string, descriptor: PropertyDescriptor) => void): Function {
  const cls = { [className]: class {} }[className];
  const descriptor = { value: handler, writable: true, configurable: true };
  Object.defineProperty(cls.prototype, method, descriptor);
  decorate(cls.prototype, method, descriptor);
  return cls;
}
