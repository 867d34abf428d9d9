"""``--sandbox``: the app runs against the Stripe double it starts (or a shared one), with its
made-up test keys, and the double keeps its state across restarts."""

from __future__ import annotations

from pathlib import Path

from owl_desktop.composition import Services, build_services
from owl_desktop.config import load_config
from owl_desktop.sandbox.server import SandboxServer


def sandbox_services(data_dir: Path, environ: dict[str, str] | None = None) -> Services:
    return build_services(load_config(["--sandbox", "--data-dir", str(data_dir)],
                                      environ=environ or {}))


def first_demo_client_id(services: Services) -> int:
    return services.client_service.search("", limit=1)[0].id


def test_sandbox_mode_starts_the_double_and_syncs_with_it(tmp_path: Path) -> None:
    services = sandbox_services(tmp_path)
    try:
        assert services.config.stripe_api_base.startswith("http://127.0.0.1:")
        assert services.config.stripe_js_url == services.config.stripe_api_base + "/v3/"
        assert services.stripe_connection is not None
        assert services.stripe_connection.current_mode() == "sandbox"
        assert services.sync_engine is not None
        assert services.payment_methods is not None
        assert services.sync_engine.run_once().error == ""
        client_id = first_demo_client_id(services)
        intent = services.payment_methods.start_setup(client_id, "card")
        assert intent.status == "requires_payment_method"
        customer_id = services.client_service.get(client_id).stripe_customer_id
        assert customer_id
    finally:
        services.close()

    again = sandbox_services(tmp_path)
    try:
        assert again.sync_engine is not None
        summary = again.sync_engine.run_once(force_full=True)
        assert summary.error == ""
        # The double kept the customer: a full reconcile finds it and keeps the link.
        assert again.client_service.get(client_id).stripe_customer_id == customer_id
    finally:
        again.close()
    state_files = list((tmp_path / "sandbox-mode" / "sandbox").iterdir())
    assert [p.name for p in state_files] == ["stripe-double.json"]
    assert customer_id in state_files[0].read_text(encoding="utf-8")


def test_desks_can_share_one_double(tmp_path: Path) -> None:
    with SandboxServer() as shared:
        env = {"OWL_STRIPE_API_BASE": shared.url}
        desks = [sandbox_services(tmp_path / name, env) for name in ("desk-a", "desk-b")]
        try:
            assert all(d.config.stripe_api_base == shared.url for d in desks)
            client_id = first_demo_client_id(desks[0])
            assert desks[0].payment_methods is not None
            desks[0].payment_methods.start_setup(client_id, "card")
            customer_id = desks[0].client_service.get(client_id).stripe_customer_id
            assert customer_id
            # The other desk sees the same account: the customer desk A created is there.
            assert desks[1].sync_engine is not None
            seen = desks[1].sync_engine.metered.as_gateway().retrieve_customer(customer_id)
            assert seen.owl_client_id == client_id
            assert not (tmp_path / "desk-a" / "sandbox-mode" / "sandbox").exists()
        finally:
            for desk in desks:
                desk.close()


def test_sandbox_mode_never_touches_the_clinic_database(tmp_path: Path) -> None:
    config = load_config(["--sandbox", "--data-dir", str(tmp_path)],
                         environ={"OWL_DATABASE_URL": f"sqlite:///{tmp_path / 'clinic.db'}"})
    assert "sandbox-mode" in config.database_url
