import { Pool } from 'pg';
@Injectable()
export class Repo {
  @Inject() private readonly pool!: Pool;
  accessor n = 1;
  cfg = { max: 5 } satisfies Record<string, number>;
  constructor(@Inject(TOKEN) private t: string) {}
}
enum E { A = 1 }
const enum F { B }
export type { Repo as R };
