export function LoadingScreen({ label }: { label: string }) {
  return (
    <main className="centered">
      <div className="loading" role="status" aria-live="polite">
        <span className="spinner" aria-hidden="true" />
        <span>{label}</span>
      </div>
    </main>
  );
}
