import { describeError } from './describeError.ts';

/** A failure shown where it happened, announced to screen readers (role="alert"). */
export function ErrorNote({ error }: { error: unknown }) {
  if (!error) return null;
  const d = describeError(error);
  return (
    <div className="error" role="alert" data-code={d.code}>
      <strong>{d.title}:</strong> {d.message}
    </div>
  );
}
