import { describe, expect, it } from 'vitest';
import { lintWithEslint } from '../test-support/eslint-run.js';
import { missingAuthorization } from './missing-authorization.js';

/** Confidence of each finding, in order, for an Express file. */
const confidences = (code: string, filename = 'routes.js'): string[] =>
  lintWithEslint(code, filename, [missingAuthorization]).map((finding) => `${finding.line}:${finding.confidence}`);

describe('missing-authorization confidence', () => {
  it('is highest for writes to private objects and lowest behind authentication only', () => {
    expect(
      confidences(`
        app.delete('/api/orders/:id', async (req, res) => { await Order.destroy({ where: { id: req.params.id } }); res.end(); });
        app.get('/api/orders/:id', async (req, res) => res.json(await Order.findByPk(req.params.id)));
        app.delete('/api/widgets/:id', async (req, res) => { await Widget.destroy({ where: { id: req.params.id } }); res.end(); });
        app.delete('/api/orders/:id/line', authenticate, async (req, res) => { await Order.destroy({ where: { id: req.params.id } }); res.end(); });
        app.get('/api/orders/:id/summary', authenticate, async (req, res) => res.json(await Order.findByPk(req.params.id)));
      `),
    ).toEqual(['2:high', '3:medium', '4:low', '5:medium', '6:low']);
  });

  it('does not report public-looking reads, admin routes, or routes that use the current user', () => {
    expect(
      confidences(`
        app.get('/api/products/:id', async (req, res) => res.json(await Product.findById(req.params.id)));
        app.get('/api/widgets/:id', async (req, res) => res.json(await Widget.findById(req.params.id)));
        app.get('/admin/users/:id', async (req, res) => res.json(await User.findById(req.params.id)));
        app.get('/api/users/:id', isAdmin, async (req, res) => res.json(await User.findById(req.params.id)));
        app.get('/api/orders/:id', async (req, res) => res.json(await Order.findOne({ _id: req.params.id, owner: req.user._id })));
        router.use(requirePermission('orders:read'));
        router.get('/orders/:id', async (req, res) => res.json(await Order.findById(req.params.id)));
      `),
    ).toEqual([]);
  });

  it('reports the data access call, once per handler', () => {
    const findings = lintWithEslint(
      `app.put('/api/invoices/:id', async (req, res) => {\n  const invoice = await Invoice.findByPk(req.params.id);\n  await invoice.update({ paid: true });\n  res.json(invoice);\n});`,
      'routes.js',
      [missingAuthorization],
    );
    expect(findings.map((f) => f.line)).toEqual([2]);
  });
});

describe('missing-authorization in handlers registered elsewhere', () => {
  it('reports controller handlers, but not those of admin controllers', () => {
    const code = `module.exports.showOrder = async (req, res) => res.json(await Order.findById(req.params.id));\nmodule.exports.adminShowOrder = async (req, res) => res.json(await Order.findById(req.params.id));`;
    expect(confidences(code, 'orders-controller.js')).toEqual(['1:medium']);
    expect(confidences(code, 'admin/orders-controller.js')).toEqual([]);
  });
});

describe('missing-authorization and applications without users', () => {
  it('does not report todo lists of an application that has no users, but does once it has them', () => {
    const route = `app.delete('/todos/:id', async (req, res) => { await Todo.findByIdAndDelete(req.params.id); res.end(); });`;
    expect(confidences(route)).toEqual(['1:low']);
    expect(confidences(`const passport = require('passport');\n${route}`)).toEqual(['2:high']);
    expect(confidences(`exports.removeTodo = async (req, res) => { await Todo.findByIdAndDelete(req.params.id); res.end(); };`)).toEqual(['1:high']);
  });
});

describe('missing-authorization and loader middleware', () => {
  it('does not report a middleware that loads the object onto the request for the next one', () => {
    expect(confidences(`exports.loadOrder = async (req, res, next) => { req.order = await Order.findById(req.params.id); if (!req.order) return res.sendStatus(404); next(); };`)).toEqual([]);
    expect(confidences(`exports.showOrder = async (req, res, next) => { const order = await Order.findById(req.params.id); res.json(order); };`)).toEqual(['1:medium']);
  });
});

describe('missing-authorization and capability URLs', () => {
  it('does not report lookups by an unguessable token', () => {
    expect(confidences(`app.get('/invitations/:token', async (req, res) => res.json(await Invitation.findOne({ where: { token: req.params.token, account: 1 } })));`)).toEqual([]);
  });
});

describe('missing-authorization with SQL', () => {
  it('reads the table and the verb of an SQL statement keyed by the id', () => {
    expect(
      confidences(`const destroy = async (req, res) => {\n  const { id } = req.params;\n  await connection.query('DELETE FROM users WHERE id = ?', [id], () => res.end());\n};\nmodule.exports = { destroy };`, 'user.controller.js'),
    ).toEqual(['3:high']);
    expect(confidences(`const show = async (req, res) => {\n  await pool.query('SELECT * FROM products p JOIN users u ON u.id = p.seller WHERE p.id = $1', [req.params.id]);\n};\nmodule.exports = { show };`, 'product.controller.js')).toEqual([]);
  });
});
