// The notes themselves: an in-memory list (a real service would use a database).
import { randomUUID } from 'node:crypto';

export interface Note {
  readonly id: string;
  readonly text: string;
  readonly author: string;
  readonly createdAt: string;
}

export class NoteStore {
  readonly #notes = new Map<string, Note>();

  list(): Note[] {
    return [...this.#notes.values()];
  }

  get(id: string): Note | undefined {
    return this.#notes.get(id);
  }

  add(text: string, author: string): Note {
    const note = { id: randomUUID(), text, author, createdAt: new Date().toISOString() };
    this.#notes.set(note.id, note);
    return note;
  }
}
