import fs from 'fs';
import path from 'path';
import type { GetServerSideProps, GetStaticProps } from 'next';

const POSTS = path.join(process.cwd(), 'posts');

export const getStaticPaths = async () => ({
  paths: fs.readdirSync(POSTS).map((f) => ({ params: { slug: f.replace(/\.md$/, '') } })),
  fallback: false,
});

// build time: slug comes from getStaticPaths, not from a visitor
export const getStaticProps: GetStaticProps = async ({ params }) => {
  const source = fs.readFileSync(path.join(POSTS, `${params!.slug}.md`), 'utf8');
  return { props: { source } };
};

export default function Post({ source }: { source: string }) {
  return <article>{source}</article>;
}
