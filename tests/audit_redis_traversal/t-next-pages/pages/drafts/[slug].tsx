import fs from 'fs';
import path from 'path';
import type { GetServerSideProps } from 'next';

export const getServerSideProps: GetServerSideProps = async ({ params, query }) => {
  const dir = path.join(process.cwd(), 'drafts');
  const source = fs.readFileSync(path.join(dir, `${params?.slug}.md`), 'utf8'); // expect: RS701
  const lang = query.lang === 'de' ? 'de' : 'en';
  return { props: { source, lang } };
};

export default function Draft({ source }: { source: string }) {
  return <pre>{source}</pre>;
}
