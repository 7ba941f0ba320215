/**
 * The few browser globals the tests' in-page callbacks use. The project's `lib` has no DOM (it is
 * Node code), and adding it would let DOM names typecheck everywhere; so each test file declares
 * these module-locally (`declare const document: PageDocument`), which is erased at compile time
 * and leaves the callbacks to run against Chromium's real globals.
 */
export interface PageElement {
  id: string;
  textContent: string | null;
  classList: { contains(name: string): boolean };
  getAttribute(name: string): string | null;
  cloneNode(deep: boolean): PageElement;
  querySelectorAll(selector: string): PageElement[] & { forEach(f: (e: PageElement) => void): void };
  remove(): void;
  append(node: PageElement): void;
  /** For <img>. */
  src?: string;
  /** For <a>. */
  protocol?: string;
}

export interface PageDocument {
  activeElement: PageElement | null;
  body: PageElement;
  documentElement: { scrollWidth: number };
  fonts: Iterable<{ family: string; status: string }> & { ready: Promise<unknown> };
  querySelectorAll(selector: string): Iterable<PageElement>;
  createElement(tag: string): PageElement;
  addEventListener(
    type: 'securitypolicyviolation',
    listener: (e: { violatedDirective: string; blockedURI: string; sourceFile: string; lineNumber: number }) => void,
  ): void;
}

export type PageWindow = Record<string, unknown>;
export type GetComputedStyle = (el: PageElement) => { backgroundColor: string };
