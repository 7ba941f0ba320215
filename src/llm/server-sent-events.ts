/**
 * The data of server-sent events (the WHATWG "text/event-stream" format) from text arriving in
 * arbitrary chunks: lines end in CRLF, LF or CR; `data:` lines of one event are joined with "\n";
 * a blank line ends the event; comments (":" keep-alives) and other fields are skipped.
 */
export class SseDecoder {
  private buffer = '';
  private data: string[] = [];

  /** Feeds the next piece of text; returns the data of every event it completed. */
  push(text: string): string[] {
    this.buffer += text;
    const events: string[] = [];
    for (;;) {
      const end = this.buffer.search(/[\r\n]/);
      if (end < 0) break;
      // A CR last in the buffer may be the first half of a CRLF split across chunks.
      if (this.buffer[end] === '\r' && end === this.buffer.length - 1) break;
      const eol = this.buffer.startsWith('\r\n', end) ? 2 : 1;
      this.line(this.buffer.slice(0, end), events);
      this.buffer = this.buffer.slice(end + eol);
    }
    return events;
  }

  /** At the end of the stream: an event the server left unterminated still counts. */
  end(): string[] {
    const events: string[] = [];
    if (this.buffer) this.line(this.buffer.replace(/\r$/, ''), events);
    this.buffer = '';
    this.line('', events);
    return events;
  }

  private line(line: string, events: string[]): void {
    if (line === '') {
      if (this.data.length > 0) events.push(this.data.join('\n'));
      this.data = [];
      return;
    }
    if (line.startsWith(':')) return;
    const colon = line.indexOf(':');
    const field = colon < 0 ? line : line.slice(0, colon);
    if (field !== 'data') return;
    const value = colon < 0 ? '' : line.slice(colon + 1);
    this.data.push(value.startsWith(' ') ? value.slice(1) : value);
  }
}
