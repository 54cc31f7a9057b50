-- Couriers move shipments at delivery-service (issue 13, docs/decisions/0034). An admin gives the
-- role with PATCH /auth/users/{id}, as for sellers.
ALTER TABLE users DROP CONSTRAINT users_role_check;
ALTER TABLE users ADD CONSTRAINT users_role_check
    CHECK (role IN ('customer', 'seller', 'courier', 'admin'));
