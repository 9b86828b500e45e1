// The platform's JSON shapes the pages read (shared/API.md; packages/platform/src/resources/schemas.ts).

export interface Profile {
  readonly id: string;
  readonly email: string;
  readonly displayName: string;
  readonly role: string;
  readonly createdAt: string;
}

export interface Course {
  readonly id: string;
  readonly title: string;
  readonly description: string;
  readonly priceCents: number;
  readonly currency: string;
  readonly createdAt: string;
}

export interface Enrollment {
  readonly id: string;
  readonly courseId: string;
  readonly ownerId: string;
  readonly createdAt: string;
}

export interface Certificate {
  readonly id: string;
  readonly courseId: string;
  readonly ownerId: string;
  readonly issuedAt: string;
}

export interface Invoice {
  readonly id: string;
  readonly ownerId: string;
  readonly courseId: string | null;
  readonly amountCents: number;
  readonly currency: string;
  readonly issuedAt: string;
}
