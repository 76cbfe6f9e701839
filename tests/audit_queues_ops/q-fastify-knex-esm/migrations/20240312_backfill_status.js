export async function up(knex) {
  await knex.schema.alterTable('tasks', (t) => t.string('status').notNullable().defaultTo('queued'));
  await knex('tasks').whereNull('status').update({ status: 'queued' });
}

export async function down(knex) {
  await knex.schema.alterTable('tasks', (t) => t.dropColumn('status'));
}
