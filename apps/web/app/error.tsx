"use client";

/** A page that failed to render: say so, and offer to try again (the data may be back). */
export default function ErrorPage({
  error,
  reset,
}: {
  error: Error & { digest?: string };
  reset: () => void;
}) {
  return (
    <div role="alert">
      <h1>This page could not be shown</h1>
      <p>{error.message || "An unexpected error occurred."}</p>
      <button type="button" className="button" onClick={reset}>
        Try again
      </button>
    </div>
  );
}
