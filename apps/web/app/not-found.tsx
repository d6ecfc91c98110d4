import Link from "next/link";

export default function NotFound() {
  return (
    <>
      <h1>Not found</h1>
      <p>
        There is nothing at this address. Try the <Link href="/proposals">proposals</Link> or the{" "}
        <Link href="/markets">markets</Link>.
      </p>
    </>
  );
}
